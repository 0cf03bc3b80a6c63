"""Small helpers the review views share."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from assessments import access
from assessments.forms.setup import ReasonForm
from assessments.models import AspectResponse


def review_context(request, review) -> dict:
    """What every page about one review shows: the review, its marking, and what the user may do."""
    return {
        "review": review,
        "protective_marking": review.protective_marking,
        "actions": access.permitted_actions(request.user, review),
    }


def add_errors(form, error: ValidationError) -> None:
    """Puts a service's ``ValidationError`` on the form: on the fields it names, if the form
    shows them, otherwise at the top."""
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            # A field the person cannot see (a hidden one) shows its error at the top.
            shown = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if shown else None, texts)
    else:
        form.add_error(None, error.messages)


def responses_by_aspect(review) -> dict[int, AspectResponse]:
    """The review's self-assessment answers keyed by aspect number."""
    return {response.aspect.number: response for response in AspectResponse.objects.for_review(review)}


def form_after_stale_edit(form_class, request, stale, **kwargs):
    """The editor's form again, with their own words kept and the hidden version moved to the
    one now stored, so that saving again (having read the other version) is a deliberate choice."""
    data = request.POST.copy()
    data["version"] = str(stale.current.version)
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, f"{stale} Their version is shown beside yours; nothing of yours is saved yet.")
    return form


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


def confirm_page(request, review, confirm: Confirmation):
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


def reason_page(request, review, step: ReasonStep, act, redirect_to: str):
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
