from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments import access, stages
from assessments.access import Action
from assessments.forms import StageReturnForm
from assessments.models import Review, Role


@login_required
def dashboard(request):
    reviews = (
        access.visible_reviews(request.user)
        .select_related("host")
        .with_progress()
        .order_by("closed_at", "-on_site_start", "reference")
    )
    return render(request, "assessments/dashboard.html", {"reviews": reviews})


@login_required
def review_detail(request, reference):
    review = access.review_for(request.user, reference)
    people = review.people.current().select_related("organisation", "user")
    context = {
        "review": review,
        "protective_marking": review.protective_marking,
        "actions": access.permitted_actions(request.user, review),
        "timeline": stages.timeline(review),
        "blockers": stages.blockers(review),
        "next_stage": stages.next_stage(review),
        "previous_stage": stages.previous_stage(review),
        "team": [p for p in people if p.is_team],
        "contacts": [p for p in people if not p.is_team],
        "history": review.stage_transitions.select_related("by"),
        "progress": Review.objects.with_progress()
        .values("aspects_total", "aspects_complete")
        .get(pk=review.pk),
        "roles": Role,
    }
    return render(request, "assessments/review_detail.html", context)


@login_required
@require_POST
def stage_advance(request, reference):
    review = access.review_for(request.user, reference, Action.MOVE_STAGE)
    try:
        stages.stage_advance(review=review, by=request.user)
    except stages.StageError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The review is now at {review.get_stage_display()}.")
    return redirect("review_detail", reference=review.reference)


@login_required
def stage_return(request, reference):
    review = access.review_for(request.user, reference, Action.MOVE_STAGE)
    form = StageReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stages.stage_return(review=review, by=request.user, reason=form.cleaned_data["reason"])
        except stages.StageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The review is back at {review.get_stage_display()}.")
            return redirect("review_detail", reference=review.reference)
    context = {"review": review, "form": form, "protective_marking": review.protective_marking}
    return render(request, "assessments/stage_return.html", context)
