"""The self-assessment as a workbook: downloading it, and uploading it filled in (checked, shown
as the changes it would make, then saved all or none)."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from assessments.forms.self_assessment import WorkbookUploadForm
from assessments.models import Review
from assessments.pages.shared import review_context
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.services.workbook import WorkbookAnswer, workbook_apply, workbook_changes
from peerreview.audit.record import record
from peerreview.request_limits import accepts_files
from reports.documents.pdf import XLSX, document_response
from reports.documents.workbook import WorkbookRefused, read_workbook, workbook_bytes


def _session_key(review: Review) -> str:
    return f"workbook-upload-{review.pk}"


@login_required
def workbook_download(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_SELF_ASSESSMENT)
    record(kind="download", review_id=review.pk, summary="Self-assessment workbook")
    return document_response(
        request, workbook_bytes(review), f"{review.reference}-self-assessment.xlsx", XLSX
    )


@accepts_files
@login_required
def workbook_upload(request, reference):
    review = access.review_for(request.user, reference, Permission.EDIT_SELF_ASSESSMENT)
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            answers = read_workbook(review, form.cleaned_data["workbook"].read())
        except WorkbookRefused as refused:
            for fault in refused.faults:
                form.add_error("workbook", fault)
        else:
            request.session[_session_key(review)] = [asdict(answer) for answer in answers]
            return redirect("workbook_check", reference=review.reference)
    context = review_context(request, review) | {
        "form": form,
        "page_title": "Upload the self-assessment workbook",
    }
    return render(request, "assessments/workbook_upload.html", context)


def _answers(rows: list[dict]) -> list[WorkbookAnswer]:
    return [
        WorkbookAnswer(
            **(row | {"evidence": tuple(row["evidence"]), "evidence_then": tuple(row["evidence_then"])})
        )
        for row in rows
    ]


@login_required
def workbook_check(request, reference):
    """What the upload would change, then (on confirming) saving it."""
    review = access.review_for(request.user, reference, Permission.EDIT_SELF_ASSESSMENT)
    stored = request.session.get(_session_key(review))
    if stored is None:
        messages.error(request, "Upload the workbook first")
        return redirect("workbook_upload", reference=review.reference)
    answers = _answers(stored)
    if request.method == "POST":
        try:
            applied = workbook_apply(review=review, answers=answers, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            del request.session[_session_key(review)]
            count = len(applied)
            messages.success(request, f"{count} aspect{'s' if count != 1 else ''} saved from the workbook.")
            return redirect("self_assessment", reference=review.reference)
    changes = workbook_changes(review, answers)
    context = review_context(request, review) | {
        "changes": [change for change in changes if not change.conflict],
        "conflicts": [change for change in changes if change.conflict],
    }
    return render(request, "assessments/workbook_check.html", context)
