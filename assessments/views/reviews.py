from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments.forms.plan import PlanForm
from assessments.forms.review_list import ReviewFilterForm
from assessments.forms.setup import ReasonForm, ReviewForm
from assessments.lifecycle import stages
from assessments.models import PLAN_DATES, ReviewPlan
from assessments.pages.shared import Confirmation, ReasonStep, confirm_page, reason_page, review_context
from assessments.reads import timeline
from assessments.reads.review_tasks import work_for
from assessments.reads.timeline import milestones
from assessments.reads.what_needs_you import groups_for, kind_named
from assessments.rules import access, programme
from assessments.rules.access import Permission
from assessments.rules.facts import facts_of
from assessments.services import plan as plan_services
from assessments.services import reviews as review_services
from peerreview.forms import add_errors
from peerreview.pagination import paginate
from reports.documents.agencies import participating_agencies

REVIEWS_PER_PAGE = 25
NEEDS_PER_PAGE = 25


@login_required
def dashboard(request):
    form = ReviewFilterForm(request.GET or None)
    filters = form.filters()
    visible = access.visible_reviews(request.user).select_related("host")
    # Only the page's rows are loaded with their progress: the list grows with the programme,
    # the page does not; nor does "what needs you", the first few of each kind with a count.
    page = paginate(request, visible.matching(**filters).with_progress(), REVIEWS_PER_PAGE)
    filtered = bool(filters.keys() - {"sort"})
    held = None if filtered else access.roles_held(request.user)  # one query for both uses
    context = {
        # The home page says what needs the person; a narrowed list is a search.
        "need_groups": None if filtered else groups_for(request.user, timezone.localdate(), held=held),
        "page": page,
        "reviews": page.object_list,
        "form": form,
        "filtered": filtered,
        "in_hub": held is not None and programme.may_use_hub(request.user, held=held),
    }
    return render(request, "assessments/dashboard.html", context)


@login_required
def needs_of_a_kind(request, kind):
    """One kind of work that needs the person, all of it, a page at a time."""
    found = kind_named(kind)
    if found is None:
        raise Http404("No such list")
    access.require_role_on_an_open_review(request.user, found.roles)
    today = timezone.localdate()
    page = paginate(request, found.rows(request.user, today), NEEDS_PER_PAGE)
    needs = [found.need(row, today) for row in page.object_list]
    return render(request, "assessments/needs.html", {"kind": found, "page": page, "needs": needs})


@login_required
def review_detail(request, reference):
    review = access.review_for(request.user, reference)
    people = review.current_people  # type: ignore[attr-defined]  # loaded by review_for
    facts = facts_of(review, viewer=request.user)
    context = review_context(request, review)
    context |= {
        "tasks": work_for(request.user, review, facts, context["actions"]),
        "timeline": stages.timeline(review),
        "plan": milestones(review, timezone.localdate(), facts),
        "blockers": stages.blockers(review, facts),
        "next_stage": stages.next_stage(review),
        "previous_stage": stages.previous_stage(review),
        "team": [p for p in people if p.is_team],
        "contacts": [p for p in people if not p.is_team],
        "history": review.stage_transitions.select_related("by"),
        "can_close": access.can(request.user, Permission.MOVE_STAGE, review) and stages.closable(review),
        "can_start_follow_up": access.can(request.user, Permission.START_FOLLOW_UP, review)
        and not facts.has_follow_up,
        "progress": {"aspects_total": facts.aspects_total, "aspects_complete": facts.aspects_complete},
        "agencies": participating_agencies(review)
        if access.can(request.user, Permission.VIEW_FINDINGS, review)
        else None,
    }
    return render(request, "assessments/review_detail.html", context)


@login_required
def review_create(request):
    programme.require_programme_manager(request.user)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = review_services.review_create(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"The review of {review.host.name} is set up. Now add the team and contacts."
            )
            return redirect("review_people", reference=review.reference)
    return render(request, "assessments/review_form.html", {"form": form, "page_title": "Set up a review"})


@login_required
def review_edit(request, reference):
    review = access.review_for(request.user, reference, Permission.EDIT_REVIEW)
    initial = {
        "reference": review.reference,
        "on_site_start": review.on_site_start,
        "on_site_end": review.on_site_end,
        "venue": review.venue,
        "protective_marking": review.protective_marking,
    }
    form = ReviewForm(request.POST or None, initial=initial, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.review_update(review=review, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The review's details are saved.")
            return redirect("review_detail", reference=review.reference)
    context = review_context(request, review) | {"form": form, "page_title": "Review details"}
    return render(request, "assessments/review_form.html", context)


@login_required
@require_POST
def stage_advance(request, reference):
    review = access.review_for(request.user, reference, Permission.MOVE_STAGE)
    warnings = stages.date_warnings(review, timezone.localdate())
    target = stages.next_stage(review)
    form = None
    if warnings:
        # Moving on before a date in the plan asks why first; the reason goes into the history.
        form = ReasonForm(
            request.POST if "reason" in request.POST else None,
            label="Why is the review moving on before then?",
            button="Move on anyway",
            required_message="Enter why the review is moving on before the date in its plan",
        )
        if not form.is_valid():
            context = review_context(request, review) | {
                "form": form,
                "page_title": f"Move the review to {target.label}?" if target else "Move the review on?",
                "warnings": warnings,
            }
            return render(request, "assessments/stage_advance_early.html", context)
    try:
        stages.stage_advance(
            review=review, by=request.user, reason=form.cleaned_data["reason"] if form else ""
        )
    except stages.StageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The review is now at {review.get_stage_display()}.")
    return redirect("review_detail", reference=review.reference)


STAGE_RETURN = ReasonStep(
    page_title="Move the review back a stage",
    label="Why is the review going back a stage?",
    button="Move back a stage",
    required_message="Enter why the review is going back a stage",
    done="The review is back at {stage}.",
    template="assessments/stage_return.html",
)
REOPEN = ReasonStep(
    page_title="Reopen the review",
    label="Why is the review being reopened?",
    button="Reopen the review",
    required_message="Enter why the review is being reopened",
    done="The review is open again, at {stage}.",
    template="assessments/review_reopen.html",
)


def _stage_step(move, review, by):
    """A stage machine move given a reason, its refusal in words on the form."""

    def act(reason: str) -> None:
        try:
            move(review=review, by=by, reason=reason)
        except stages.StageError as error:
            raise ValidationError(str(error)) from None

    return act


@login_required
def stage_return(request, reference):
    review = access.review_for(request.user, reference, Permission.MOVE_STAGE)
    act = _stage_step(stages.stage_return, review, request.user)
    return reason_page(request, review, STAGE_RETURN, act, reverse("review_detail", args=[reference]))


@login_required
def review_reopen(request, reference):
    review = access.review_for(request.user, reference, Permission.REOPEN_REVIEW)
    act = _stage_step(stages.review_reopen, review, request.user)
    return reason_page(request, review, REOPEN, act, reverse("review_detail", args=[reference]))


@login_required
def review_delete(request, reference):
    review = access.review_for(request.user, reference, Permission.DELETE_REVIEW)
    if request.method == "POST":
        try:
            review_services.review_delete(review=review, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("review_detail", reference=review.reference)
        messages.success(request, f"The review {review.reference} of {review.host.name} is deleted.")
        return redirect("dashboard")
    return confirm_page(
        request,
        review,
        Confirmation(
            title=f"Delete the review of {review.host.name}?",
            lead=f"The review {review.reference} was set up, but nothing has been answered or uploaded yet.",
            consequences=[
                "The review, its people and its stage history are deleted.",
                "Nobody's account is deleted. The audit log keeps a record of the deletion.",
            ],
            button="Delete the review",
            cancel_url=reverse("review_detail", args=[review.reference]),
            warning=True,
            cannot_undo=True,
        ),
    )


@login_required
def review_plan(request, reference):
    """The review's plan, changed by a review manager (as the review's other details are)."""
    review = access.review_for(request.user, reference, Permission.EDIT_REVIEW)
    # A review imported or set up before plans existed is offered the proposed dates, unsaved.
    plan = ReviewPlan.objects.filter(review=review).first() or ReviewPlan(
        review=review, **timeline.proposed_dates(review)
    )
    initial = {name: getattr(plan, name) for name in PLAN_DATES} | {
        "factual_accuracy_days": plan.factual_accuracy_days
    }
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_services.plan_update(
                review=review,
                dates={name: data.get(name) for name in PLAN_DATES},
                factual_accuracy_days=data["factual_accuracy_days"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The review plan is saved.")
            return redirect("review_detail", reference=review.reference)
    context = review_context(request, review) | {"form": form, "page_title": "Review plan"}
    return render(request, "assessments/review_form.html", context)
