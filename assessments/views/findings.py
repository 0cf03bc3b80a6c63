"""The findings pages: the team writes, orders and removes its findings."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.forms.findings import FindingForm
from assessments.models import Finding, FindingKind, Review
from assessments.pages.shared import review_context, saved
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.services import findings as services
from peerreview.accounts.models import SignedInRequest


def _grouped(review: Review) -> list[dict[str, object]]:
    findings = list(
        Finding.objects.filter(review=review).select_related("area", "updated_by").order_by("position", "pk")
    )
    groups = []
    for area in review.framework.area_list:
        mine = [f for f in findings if f.area_id == area.pk]
        groups.append(
            {
                "area": area,
                "parts": [
                    (kind.heading, [f for f in mine if f.kind == kind])
                    for kind in (FindingKind.GOOD_PRACTICE, FindingKind.IMPROVEMENT)
                ],
            }
        )
    return groups


def _finding_data(form: FindingForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "area": data["area"],
        "kind": data["kind"],
        "aspects": data["aspects"],
        "lines_of_enquiry": data.get("lines_of_enquiry", []),
        "text": data["text"],
    }


@login_required
def findings(request: SignedInRequest, reference: str) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.VIEW_FINDINGS)
    if request.method == "POST":
        access.require(request.user, Permission.EDIT_FINDINGS, review)
    form = FindingForm(request.POST or None, review=review, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        services.finding_create(review=review, **_finding_data(form), by=request.user)
        messages.success(request, "The finding is added.")
        return redirect("findings", reference=review.reference)
    return render(
        request,
        "assessments/findings.html",
        review_context(request, review) | {"form": form, "groups": _grouped(review)},
    )


@login_required
def finding_edit(request: SignedInRequest, reference: str, pk: int) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.EDIT_FINDINGS)
    finding = access.object_for(
        request.user, review, Finding.objects.select_related("area"), pk, Permission.EDIT_FINDINGS
    )
    initial = {
        "area": finding.area.key,
        "kind": finding.kind,
        "text": finding.text,
        "aspects": finding.aspects,
        "lines_of_enquiry": list(finding.lines_of_enquiry.all()),
        "version": finding.version,
    }
    form = FindingForm(request.POST or None, initial=initial, review=review)
    if request.method == "POST" and form.is_valid():
        save = partial(
            services.finding_update,
            finding=finding,
            **_finding_data(form),
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
        form_again = saved(request, form, save, review=review)
        if form_again is None:
            messages.success(request, "The finding is saved.")
            return redirect("findings", reference=review.reference)
        form = form_again
    context = review_context(request, review) | {"form": form, "finding": finding}
    return render(request, "assessments/finding_edit.html", context)


@login_required
@require_POST
def finding_move(request: SignedInRequest, reference: str, pk: int) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.EDIT_FINDINGS)
    finding = access.object_for(request.user, review, Finding.objects.all(), pk, Permission.EDIT_FINDINGS)
    services.finding_move(finding=finding, up=request.POST.get("direction") == "up")
    return redirect(f"{reverse('findings', args=[review.reference])}#finding-{finding.pk}")


@login_required
@require_POST
def finding_delete(request: SignedInRequest, reference: str, pk: int) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.EDIT_FINDINGS)
    finding = access.object_for(request.user, review, Finding.objects.all(), pk, Permission.EDIT_FINDINGS)
    try:
        services.finding_delete(finding=finding)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The finding is deleted.")
    return redirect("findings", reference=review.reference)
