from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments.forms.enquiry import EnquiryFilterForm, LineOfEnquiryForm
from assessments.models import AspectResponse, EvidenceAspect, LineOfEnquiry
from assessments.pages.shared import review_context, saved
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.services import enquiry as services


@login_required
def evidence_review(request, reference):
    """Stage 2 for the team: each aspect's answer, rating and evidence side by side, with the
    lines of enquiry raised against it."""
    review = access.review_for(request.user, reference, Permission.VIEW_LINES_OF_ENQUIRY)
    responses = AspectResponse.objects.by_aspect(review)
    evidence = EvidenceAspect.objects.by_aspect(review)
    lines = list(LineOfEnquiry.objects.filter(review=review))
    aspects = review.framework.aspects.select_related("area").order_by("number")
    rows = [
        {
            "aspect": aspect,
            "response": responses.get(aspect.number),
            "evidence": evidence.get(aspect.number, []),
            "lines": [line for line in lines if aspect.number in line.aspects],
        }
        for aspect in aspects
    ]
    return render(
        request, "assessments/evidence_review.html", review_context(request, review) | {"rows": rows}
    )


@login_required
def lines_of_enquiry(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_LINES_OF_ENQUIRY)
    if request.method == "POST":
        access.require(request.user, Permission.EDIT_LINES_OF_ENQUIRY, review)
    form = LineOfEnquiryForm(request.POST or None, review=review, initial={"aspects": _preselected(request)})
    if request.method == "POST" and form.is_valid():
        services.line_of_enquiry_create(
            review=review,
            text=form.cleaned_data["text"],
            aspects=form.cleaned_data["aspects"],
            by=request.user,
        )
        messages.success(request, "The line of enquiry is added.")
        return redirect(request.get_full_path())
    filters = EnquiryFilterForm(request.GET or None, review=review)
    lines = LineOfEnquiry.objects.filter(review=review).select_related("updated_by")
    shown = list(lines)
    if filters.is_valid():
        aspect, area = filters.cleaned_data["aspect"], filters.cleaned_data["area"]
        in_area = (
            set(review.framework.aspects.filter(area__key=area).values_list("number", flat=True))
            if area
            else None
        )
        shown = [
            line
            for line in shown
            if (aspect is None or aspect in line.aspects) and (in_area is None or in_area & set(line.aspects))
        ]
    context = review_context(request, review) | {"form": form, "filters": filters, "lines": shown}
    return render(request, "assessments/lines_of_enquiry.html", context)


def _preselected(request) -> list[int]:
    aspect = request.GET.get("aspect", "")
    return [int(aspect)] if aspect.isdigit() else []


@login_required
def line_of_enquiry_edit(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.EDIT_LINES_OF_ENQUIRY)
    line = access.object_for(
        request.user, review, LineOfEnquiry.objects.all(), pk, Permission.EDIT_LINES_OF_ENQUIRY
    )
    initial = {"text": line.text, "aspects": line.aspects, "version": line.version}
    form = LineOfEnquiryForm(
        request.POST or None, initial=initial, review=review, button="Save line of enquiry"
    )
    if request.method == "POST" and form.is_valid():
        save = partial(
            services.line_of_enquiry_update,
            line=line,
            text=form.cleaned_data["text"],
            aspects=form.cleaned_data["aspects"],
            expected_version=form.cleaned_data["version"] or 0,
            by=request.user,
        )
        form_again = saved(request, form, save, review=review, button="Save line of enquiry")
        if form_again is None:
            messages.success(request, "The line of enquiry is saved.")
            return redirect("lines_of_enquiry", reference=review.reference)
        form = form_again
    context = review_context(request, review) | {"form": form, "line": line}
    return render(request, "assessments/line_of_enquiry_edit.html", context)


@login_required
@require_POST
def line_of_enquiry_delete(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.EDIT_LINES_OF_ENQUIRY)
    line = access.object_for(
        request.user, review, LineOfEnquiry.objects.all(), pk, Permission.EDIT_LINES_OF_ENQUIRY
    )
    services.line_of_enquiry_delete(line=line)
    messages.success(request, "The line of enquiry is deleted.")
    return redirect("lines_of_enquiry", reference=review.reference)
