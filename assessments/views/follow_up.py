from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms.follow_up import (
    ActionForm,
    MentoringOutcomeForm,
    ProgressForm,
    SupportHandleForm,
    SupportRequestForm,
)
from assessments.lifecycle import stages
from assessments.models import (
    Action,
    AspectResponse,
    MatchStatus,
    MentoringMatch,
    PublishedFinding,
    Review,
    SupportKind,
    SupportRequest,
    SupportStatus,
)
from assessments.pages.shared import Confirmation, confirm_page, review_context, saved
from assessments.reads.action_plans import action_plan as published_plan
from assessments.reads.action_plans import published_wording
from assessments.rules import access, programme
from assessments.rules.access import Permission
from assessments.services import follow_up as services
from peerreview.forms import add_errors
from reports.documents.action_plan import CSV_HEADER, action_plan_rows
from reports.documents.action_plan import action_plan_pdf as action_plan_pdf_document
from reports.documents.csv_files import csv_response
from reports.documents.pdf import document_response
from reports.documents.sheets import xlsx_response


@login_required
def action_plan(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_ACTIONS)
    context = review_context(request, review) | {
        "plan": published_plan(review),
        "today": timezone.localdate(),
    }
    return render(request, "assessments/action_plan.html", context)


@login_required
def action_create(request, reference, finding_pk):
    review = access.review_for(request.user, reference, Permission.EDIT_ACTIONS)
    # A draft finding, or one the latest version no longer lists, is not found.
    actionable = PublishedFinding.objects.actionable(review)
    finding = access.object_for(request.user, review, actionable, finding_pk, Permission.EDIT_ACTIONS)
    form = ActionForm(request.POST or None, review=review, button="Add action")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_create(
                published_finding=finding,
                description=data["description"],
                owner=data["owner"],
                owner_user=data["owner_user"],
                due=data["due"],
                status=data["status"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The action is added to the plan.")
            return redirect("action_plan", reference=review.reference)
    return render(
        request,
        "assessments/action_form.html",
        review_context(request, review) | {"form": form, "finding": finding},
    )


def _action_initial(item: Action) -> dict:
    return {
        "description": item.description,
        "owner": item.owner,
        "owner_user": item.owner_user,
        "due": item.due,
        "status": item.status,
        "version": item.version,
    }


def _progress_added(request, item: Action) -> tuple[bool, ProgressForm]:
    progress = ProgressForm(request.POST)
    if not progress.is_valid():
        return False, progress
    services.action_progress_add(action=item, text=progress.cleaned_data["text"], by=request.user)
    messages.success(request, "The progress update is added.")
    return True, progress


def _action_saved(request, review, item: Action) -> ActionForm | None:
    """None once the action is saved; else its form again, with what stopped it."""
    form = ActionForm(request.POST, initial=_action_initial(item), review=review)
    if not form.is_valid():
        return form
    data = form.cleaned_data
    save = partial(
        services.action_update,
        action=item,
        **{name: data[name] for name in ("description", "owner", "owner_user", "due", "status")},
        expected_version=data["version"],
        by=request.user,
    )
    form_again = saved(request, form, save, initial=_action_initial(item), review=review)
    if form_again is None:
        messages.success(request, "The action is saved.")
    return form_again


@login_required
def action_detail(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.VIEW_ACTIONS)
    item = access.object_for(
        request.user, review, Action.objects.select_related("finding"), pk, Permission.VIEW_ACTIONS
    )
    wording, in_latest = published_wording(review, item)
    if wording is None:  # an action on a finding never published is not the council's to read
        raise Http404("No such action")
    form, progress = ActionForm(initial=_action_initial(item), review=review), ProgressForm()
    if request.method == "POST":
        access.require(request.user, Permission.EDIT_ACTIONS, review)
        if "text" in request.POST:
            added, progress = _progress_added(request, item)
            if added:
                return redirect("action_detail", reference=review.reference, pk=item.pk)
        elif (form_again := _action_saved(request, review, item)) is None:
            return redirect("action_plan", reference=review.reference)
        else:
            form = form_again
            item = Action.objects.select_related("finding").get(pk=item.pk)  # as stored now
    context = review_context(request, review) | {
        "item": item,
        "form": form,
        "progress": progress,
        "editable": access.can(request.user, Permission.EDIT_ACTIONS, review),
        "wording": wording,
        "in_latest": in_latest,
        "updates": item.updates.select_related("by"),
        "today": timezone.localdate(),
    }
    return render(request, "assessments/action_detail.html", context)


@login_required
def action_plan_csv(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_ACTIONS)
    rows = action_plan_rows(published_plan(review), timezone.localdate())
    return csv_response(request, header=CSV_HEADER, rows=rows, filename=f"{review.reference}-action-plan.csv")


@login_required
def action_plan_xlsx(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_ACTIONS)
    rows = action_plan_rows(published_plan(review), timezone.localdate())
    filename = f"{review.reference}-action-plan.xlsx"
    return xlsx_response(request, header=CSV_HEADER, rows=rows, filename=filename, title="Action plan")


@login_required
def action_plan_pdf(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_ACTIONS)
    pdf = action_plan_pdf_document(review, published_plan(review), timezone.localdate())
    return document_response(request, pdf, f"{review.reference}-action-plan.pdf")


@login_required
def support(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_SUPPORT)
    can_request = access.can(request.user, Permission.REQUEST_SUPPORT, review)
    form = SupportRequestForm(request.POST or None, framework=review.framework) if can_request else None
    if request.method == "POST":
        access.require(request.user, Permission.REQUEST_SUPPORT, review)
        if form is not None and form.is_valid():
            services.support_request_create(review=review, **form.cleaned_data, by=request.user)
            messages.success(request, "Your request is sent to the Scottish Government's review managers.")
            return redirect("support", reference=review.reference)
    handling = access.can(request.user, Permission.HANDLE_SUPPORT, review)
    items = _support_items(review, handling=handling)
    return render(
        request, "assessments/support.html", review_context(request, review) | {"form": form, "items": items}
    )


@dataclass
class SupportItem:
    request: SupportRequest
    handle: SupportHandleForm | None  # for a review manager
    matches: list[MentoringMatch]  # a manager sees every one; the council, those accepted
    outcome: MentoringOutcomeForm | None  # for an accepted match with no outcome yet
    may_match: bool  # a manager may ask a mentor now


def _support_items(review, *, handling: bool) -> list[SupportItem]:
    matches = Prefetch("matches", queryset=MentoringMatch.objects.select_related("mentor__organisation"))
    requests = (
        SupportRequest.objects.filter(review=review)
        .select_related("requested_by", "handled_by")
        .prefetch_related(matches)
    )
    items = []
    for item in requests:
        shown = programme.mentors_shown(item.matches.all(), handling=handling)
        live = [m for m in shown if m.status in (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)]
        recordable = handling and any(m.status == MatchStatus.ACCEPTED and not m.outcome for m in live)
        items.append(
            SupportItem(
                item,
                SupportHandleForm(initial={"status": item.status, "note": item.note}, prefix=f"r{item.pk}")
                if handling
                else None,
                shown,
                MentoringOutcomeForm(prefix=f"o{item.pk}") if recordable else None,
                handling
                and item.kind == SupportKind.MENTORING
                and item.status != SupportStatus.CLOSED
                and not live,
            )
        )
    return items


@login_required
@require_POST
def support_handle(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.HANDLE_SUPPORT)
    item = access.object_for(
        request.user, review, SupportRequest.objects.all(), pk, Permission.HANDLE_SUPPORT
    )
    form = SupportHandleForm(request.POST, prefix=f"r{item.pk}")
    if form.is_valid():
        services.support_request_handle(request=item, **form.cleaned_data, by=request.user)
        messages.success(request, "The request is updated.")
    else:
        messages.error(request, "Choose the request's status")
    return redirect("support", reference=review.reference)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_start(request, reference):
    review = access.review_for(request.user, reference, Permission.START_FOLLOW_UP)
    if request.method == "GET":
        return confirm_page(
            request,
            review,
            Confirmation(
                title="Start a follow-up review?",
                lead=f"A new review of {review.host.name} is set up to follow this one.",
                consequences=[
                    "It starts at stage 1, with this review's framework, marking and council contacts.",
                    "Its self-assessment starts from this review's answers, not yet submitted.",
                    "This review stays as it is; the new one compares its answers with these.",
                ],
                button="Start the follow-up review",
                cancel_url=reverse("review_detail", args=[review.reference]),
            ),
        )
    try:
        follow_up = services.follow_up_start(previous=review, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("review_detail", reference=review.reference)
    messages.success(
        request, "The follow-up review is set up. Its self-assessment starts from the earlier answers."
    )
    return redirect("review_edit", reference=follow_up.reference)


@login_required
@require_http_methods(["GET", "POST"])
def review_close(request, reference):
    """Closing, after a page that says what it will do; with the action plan empty or the
    progress review still to come, that page says so and asks for a reason."""
    review = access.review_for(request.user, reference, Permission.MOVE_STAGE)
    refused = ""
    if request.method == "POST":
        try:
            stages.review_close(review=review, by=request.user, reason=request.POST.get("reason", ""))
        except stages.ReasonNeeded:
            refused = "Enter why the review is closing now"
        except stages.StageError as error:
            messages.error(request, str(error))
            return redirect("review_detail", reference=review.reference)
        else:
            messages.success(request, "The review is closed.")
            return redirect("review_detail", reference=review.reference)
    return confirm_page(request, review, _close_confirmation(review, refused))


def _close_confirmation(review, refused: str) -> Confirmation:
    early = " ".join(stages.close_warnings(review, timezone.localdate()))
    return Confirmation(
        title="Close the review?",
        lead=f"The review of {review.host.name} will end, after its follow-up support.",
        consequences=[
            "Everyone on it will still be able to read it, but nobody will be able to change it: no "
            "progress updates, support requests, notes, findings or new versions of the report.",
            "A review manager will be able to reopen it, giving a reason.",
        ],
        button="Close the review",
        cancel_url=reverse("review_detail", args=[review.reference]),
        early=early,
        reason_label="Why close the review now? (kept in its history)" if early else "",
        reason_error=refused,
    )


def _movement(earlier: AspectResponse | None, current: AspectResponse | None) -> str:
    """ "up" or "down" where both reviews rated the aspect and the rating moved; else ""."""
    if earlier is None or current is None or earlier.rating is None or current.rating is None:
        return ""
    if current.rating.position == earlier.rating.position:
        return ""
    return "up" if current.rating.position > earlier.rating.position else "down"


@login_required
def comparison(request, reference):
    review = access.review_for(request.user, reference)
    if review.previous_id is None:
        raise Http404("This review does not follow up an earlier one")
    previous = access.with_visibility(request.user, Review.objects.filter(pk=review.previous_id)).get()
    # What the follow-up's people may read of its baseline is one rule in the access table.
    access.require(request.user, Permission.VIEW_BASELINE, review)
    both = AspectResponse.objects.filter(self_assessment__review__in=[previous, review]).select_related(
        "aspect", "rating", "self_assessment"
    )
    earlier: dict[int, AspectResponse] = {}
    current: dict[int, AspectResponse] = {}
    for response in both:  # one query for both reviews' answers
        side = current if response.self_assessment.review_id == review.pk else earlier
        side[response.aspect.number] = response
    rows = [
        {
            "aspect": aspect,
            "earlier": earlier.get(aspect.number),
            "current": current.get(aspect.number),
            "movement": _movement(earlier.get(aspect.number), current.get(aspect.number)),
        }
        for aspect in review.framework.aspects.order_by("number")
    ]
    context = review_context(request, review) | {
        "previous": previous,
        "rows": rows,
        "plan": published_plan(previous),
        "today": timezone.localdate(),
        # Linked only for those who may open it: a follow-up's people need not hold a role on it.
        "previous_visible": previous.visible,  # type: ignore[attr-defined]
    }
    return render(request, "assessments/comparison.html", context)
