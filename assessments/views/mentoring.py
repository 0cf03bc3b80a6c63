"""Peer-to-peer mentoring: a review manager finds a mentor for a council's request and records
what came of it; the expert asked answers on a page of their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments.forms.follow_up import MentorAnswerForm, MentoringOutcomeForm
from assessments.models import MentoringMatch, SupportRequest
from assessments.pages.shared import review_context
from assessments.reads.pool import mentor_suggestions
from assessments.rules import access, programme
from assessments.rules.access import Permission
from assessments.services import mentoring as services
from peerreview.accounts.models import User


@login_required
def support_mentor(request, reference, pk):
    """Suggested mentors for a request for mentoring, best first; asking one of them."""
    review = access.review_for(request.user, reference, Permission.HANDLE_SUPPORT)
    support = access.object_for(
        request.user, review, SupportRequest.objects.all(), pk, Permission.HANDLE_SUPPORT
    )
    if request.method == "POST":
        mentor = get_object_or_404(User.objects.filter(is_active=True), pk=request.POST.get("mentor", "0"))
        try:
            services.mentor_propose(support=support, mentor=mentor, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("support_mentor", reference=review.reference, pk=support.pk)
        messages.success(request, f"{mentor.full_name} is asked to mentor {review.host.name}.")
        return redirect("support", reference=review.reference)
    found = mentor_suggestions(support, today=timezone.localdate())
    context = review_context(request, review) | {"support": support, "suggestions": found}
    return render(request, "assessments/support_mentor.html", context)


@login_required
@require_POST
def support_outcome(request, reference, pk):
    """The outcome of an accepted mentoring match, recorded by a review manager."""
    review = access.review_for(request.user, reference, Permission.HANDLE_SUPPORT)
    matches = MentoringMatch.objects.select_related("support")
    match = access.object_for(request.user, review, matches, pk, Permission.HANDLE_SUPPORT)
    form = MentoringOutcomeForm(request.POST, prefix=f"o{match.support_id}")
    if not form.is_valid():
        messages.error(request, "Enter what came of the mentoring")
    else:
        try:
            services.mentoring_outcome_record(
                match=match, outcome=form.cleaned_data["outcome"], by=request.user
            )
            messages.success(request, "The outcome of the mentoring is recorded.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("support", reference=review.reference)


@login_required
def mentoring(request, pk):
    """The expert's page: what the council asked, and their answer."""
    match = programme.mentoring_match_for(request.user, pk)
    answerable = programme.may_answer_mentoring(match)
    form = MentorAnswerForm(request.POST or None) if answerable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("This request is answered already, or its review is closed")
        if form.is_valid():
            accept = form.cleaned_data["answer"] == "accept"
            services.mentor_answer(match=match, accept=accept, by=request.user)
            messages.success(
                request,
                "Thank you. " + ("You are introduced by e-mail." if accept else "Your answer is sent."),
            )
            return redirect("mentoring", pk=match.pk)
    context = {"match": match, "review": match.support.review, "form": form}
    return render(request, "assessments/mentoring.html", context)
