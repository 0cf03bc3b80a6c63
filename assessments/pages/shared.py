"""What every page about one review shares: its context (the review, its marking and what the
viewer may do), confirmation pages before irreversible steps, and pages that ask for a reason.
Both apps' views use it; it is page code, so nothing below the views imports it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assessments.forms.setup import ReasonForm
from assessments.models import Review
from assessments.pages.navigation import review_nav
from assessments.rules import access
from assessments.services.versioning import StaleEdit
from peerreview.forms import add_errors
from peerreview.stale_edits import VersionedForm, form_after_stale_edit


def review_context(request: HttpRequest, review: Review) -> dict[str, Any]:
    """What every page about one review shows: the review, its marking, what the user may do,
    and the review's navigation."""
    actions = access.permitted_actions(request.user, review)
    return {
        "review": review,
        "protective_marking": review.protective_marking,
        "actions": actions,
        "review_nav": review_nav(request, review, actions),
    }


@dataclass(frozen=True)
class Confirmation:
    """What a GOV.UK confirmation page says before an irreversible step: what will happen, and
    the button that does it."""

    title: str
    lead: str
    button: str
    cancel_url: str
    consequences: list[str] = field(default_factory=list)
    warning: bool = False  # a red button, for removing or deleting
    cannot_undo: bool = False
    # A step taken early (publishing during the council's check): what is early, and the reason
    # asked for, with its error once refused.
    early: str = ""
    reason_label: str = ""
    reason_error: str = ""


def confirm_page(request: HttpRequest, review: Review, confirm: Confirmation) -> HttpResponse:
    return render(request, "assessments/confirm.html", review_context(request, review) | {"confirm": confirm})


@dataclass(frozen=True)
class ReasonStep:
    """A step that needs a reason (moving a review back, reopening it or its self-assessment):
    the question, the button, and the words once done."""

    page_title: str
    label: str
    button: str
    required_message: str
    done: str
    template: str = "assessments/reason_form.html"


def reason_page(
    request: HttpRequest, review: Review, step: ReasonStep, act: Callable[[str], object], redirect_to: str
) -> HttpResponse:
    """Asks for the reason; with one, calls ``act(reason)`` and says ``step.done`` (where
    ``{stage}`` is the review's stage by then). A ``ValidationError`` from ``act`` is shown on the
    form, and nothing is done."""
    form = ReasonForm(
        request.POST or None, label=step.label, button=step.button, required_message=step.required_message
    )
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, step.done.format(stage=review.get_stage_display()))
            return redirect(redirect_to)
    context = review_context(request, review) | {"form": form, "page_title": step.page_title}
    return render(request, step.template, context)


FormT = TypeVar("FormT", bound=forms.BaseForm)


def saved(request: HttpRequest, form: FormT, save: Callable[[], object], **form_kwargs: Any) -> FormT | None:
    """The save flow every form that writes follows: ``save`` (the service call, made with the
    valid ``form``'s data) and None once it is saved; a refusal in words lands on ``form``, which
    is returned. For an editor of shared work (a ``VersionedForm``), when someone saved first:
    the editor's form again, their words kept and the stored version beside them
    (``form_kwargs`` make the form as the view made it)."""
    try:
        save()
    except StaleEdit as stale:
        if not isinstance(form, VersionedForm):
            raise
        return cast(FormT, form_after_stale_edit(type(form), request, stale, **form_kwargs))
    except ValidationError as error:
        add_errors(form, error)
        return form
    return None
