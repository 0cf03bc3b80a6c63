from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from assessments.forms.self_assessment import ResponseForm
from assessments.models import AspectResponse, EvidenceAspect, SelfAssessment
from assessments.pages.shared import ReasonStep, reason_page, review_context, saved
from assessments.reads.answers import answers_by_area, aspect_number_after
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.services import self_assessment as services
from reports.documents.pdf import DOCX, document_response
from reports.documents.self_assessment import self_assessment_docx as self_assessment_document


@login_required
def self_assessment(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_SELF_ASSESSMENT)
    responses = AspectResponse.objects.by_aspect(review)
    sa = SelfAssessment.objects.filter(review=review).select_related("submitted_by").first()
    complete = sum(1 for r in responses.values() if r.is_complete)
    total = len(review.framework.aspect_list)  # read once: the list below is drawn from it too
    context = review_context(request, review) | {
        "self_assessment": sa,
        "areas": answers_by_area(review, responses),
        "complete": complete,
        "total": total,
        # Checking and submitting is offered once every aspect is answered.
        "can_submit": complete == total and access.can(request.user, Permission.EDIT_SELF_ASSESSMENT, review),
        "reopenings": sa.reopenings.select_related("by") if sa else [],
    }
    return render(request, "assessments/self_assessment.html", context)


@login_required
def aspect_answer(request, reference, number):
    review = access.review_for(request.user, reference, Permission.VIEW_SELF_ASSESSMENT)
    aspect = next((aspect for aspect in review.framework.aspect_list if aspect.number == number), None)
    if aspect is None:
        raise Http404("No such aspect")
    editable = access.can(request.user, Permission.EDIT_SELF_ASSESSMENT, review)
    if request.method == "POST" and not editable:
        raise PermissionDenied("You may not change this self-assessment")
    response = AspectResponse.objects.of_aspect(review, number)
    supporting = EvidenceAspect.objects.of_aspect(review, number)
    form = ResponseForm(
        request.POST or None, initial=_answer_initial(response, supporting), review=review, aspect=aspect
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save = partial(
            services.response_save,
            review=review,
            aspect=aspect,
            rating=data["rating"],
            narrative=data["narrative"],
            evidence=list(data.get("evidence", [])),
            evidence_shown=data["evidence_shown"],
            expected_version=data["version"],
            by=request.user,
        )
        form_again = saved(request, form, save, review=review, aspect=aspect)
        if form_again is None:
            messages.success(request, f"Your answer to aspect {aspect.number} is saved.")
            return redirect(_after_save(review, aspect))
        form = form_again
    context = review_context(request, review) | {
        "aspect": aspect,
        "total": len(review.framework.aspect_list),
        "form": form,
        "editable": editable,
        "response": response,
        "evidence": supporting,
    }
    return render(request, "assessments/aspect_answer.html", context)


def _answer_initial(response, supporting) -> dict:
    return {
        "rating": response.rating if response else None,
        "narrative": response.narrative if response else "",
        "evidence": supporting,
        "evidence_shown": [e.pk for e in supporting],
        "version": response.version if response else 0,
    }


def _after_save(review, aspect) -> str:
    following = aspect_number_after(review, aspect.number)  # in the list's order, by area
    if following is not None:
        return reverse("aspect_answer", args=[review.reference, following])
    return reverse("self_assessment_check", args=[review.reference])


@login_required
def self_assessment_check(request, reference):
    review = access.review_for(request.user, reference, Permission.EDIT_SELF_ASSESSMENT)
    if request.method == "POST":
        try:
            services.self_assessment_submit(review=review, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                "The self-assessment is submitted. Only a review manager can reopen it for changes.",
            )
            return redirect("self_assessment", reference=review.reference)
    context = review_context(request, review) | {
        "areas": answers_by_area(
            review, AspectResponse.objects.by_aspect(review), EvidenceAspect.objects.by_aspect(review)
        ),
        "incomplete": AspectResponse.objects.incomplete_aspects(review),
    }
    return render(request, "assessments/self_assessment_check.html", context)


REOPEN = ReasonStep(
    page_title="Reopen the self-assessment",
    label="Why are you reopening the self-assessment?",
    button="Reopen the self-assessment",
    required_message="Enter why you are reopening the self-assessment",
    done="The self-assessment is open again for the council to change.",
)


@login_required
def self_assessment_reopen(request, reference):
    review = access.review_for(request.user, reference, Permission.REOPEN_SELF_ASSESSMENT)

    def act(reason: str) -> None:
        services.self_assessment_reopen(review=review, reason=reason, by=request.user)

    return reason_page(request, review, REOPEN, act, reverse("self_assessment", args=[reference]))


@login_required
def self_assessment_docx(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_SELF_ASSESSMENT)
    data = self_assessment_document(review, timezone.localdate())
    return document_response(request, data, f"{review.reference}-self-assessment.docx", DOCX)
