from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.files.storage import private_storage
from assessments.forms.evidence import EvidenceEditForm, UploadForm, VersionForm
from assessments.models import Evidence, EvidenceFile
from assessments.pages.shared import Confirmation, confirm_page, review_context, saved
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.services import evidence as services
from peerreview.audit.record import record
from peerreview.forms import add_errors
from peerreview.request_limits import accepts_files
from peerreview.scanner import scanner_configured
from peerreview.uploads import shown_name

NAME_FAULT = "The file name “{}” contains folder names or control characters. Rename the file and try again"


def _refuse_upload(request, form) -> bool:
    """An upload stopped at its limits (peerreview.uploads), or with a name Django would have
    mended, is refused with the reason on the form."""
    form.is_valid()  # errors can be added only once the form is checked
    if request.upload_faults:
        # The stopped upload left no file: say why, rather than "choose a file".
        form.errors["file"] = form.error_class(request.upload_faults)
    for name in request.upload_name_faults:
        form.add_error(None, NAME_FAULT.format(shown_name(name)))
    return bool(request.upload_faults or request.upload_name_faults)


@accepts_files
@login_required
def evidence_list(request, reference):
    review = access.review_for(request.user, reference, Permission.VIEW_EVIDENCE)
    can_upload = access.can(request.user, Permission.UPLOAD_EVIDENCE, review)
    form = UploadForm(request.POST or None, request.FILES or None, review=review) if can_upload else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("You may not upload evidence to this review")
        if (
            not _refuse_upload(request, form)
            and form.is_valid()
            and (created := _uploaded(request, review, form))
        ):
            messages.success(request, f"Uploaded {created.filename} as {created.key}.")
            return redirect("evidence_list", reference=review.reference)
    context = review_context(request, review) | {"form": form} | _documents(request, review)
    return render(request, "assessments/evidence_list.html", context)


def _uploaded(request, review, form: UploadForm) -> Evidence | None:
    """The document the upload made, or None with the refusal on the form."""
    try:
        (created,) = services.evidence_upload(
            review=review,
            files=[form.cleaned_data["file"]],
            aspects=form.cleaned_data["aspects"],
            by=request.user,
        )
    except ValidationError as error:
        add_errors(form, error)
        return None
    return created


def _documents(request, review) -> dict:
    documents = list(
        Evidence.objects.filter(review=review)
        .select_related("created_by", "removed_by")
        .prefetch_related("files")
        .with_aspects()
        .order_by("removed_at", "position", "pk")
    )
    files = [file for document in documents for file in document.files.all()]
    return {
        "documents": documents,
        "max_mb": settings.EVIDENCE_MAX_UPLOAD_MB,
        # EvidenceFile.objects.bytes_for's sum (every version of every document, removed ones
        # too), from the rows the list has loaded anyway.
        "used_bytes": sum(file.size for file in files),
        "review_max_bytes": settings.EVIDENCE_MAX_REVIEW_MB * 1024 * 1024,
    } | _scanning(request, files)


def _scanning(request, files) -> dict:
    """Which of ``files`` the viewer may download now (the scan's rule is access.may_download),
    and whether uploads are scanned at all here."""
    return {
        "downloadable": {file.pk for file in files if access.may_download(request.user, file)},
        "scanned": scanner_configured(),
    }


def _version_added(request, form: VersionForm, evidence: Evidence) -> bool:
    if _refuse_upload(request, form) or not form.is_valid():
        return False
    add = partial(
        services.evidence_add_version, evidence=evidence, uploaded=form.cleaned_data["file"], by=request.user
    )
    if saved(request, form, add) is not None:
        return False
    messages.success(request, f"A new version of {evidence.key} is uploaded.")
    return True


def _evidence_saved(request, form: EvidenceEditForm, evidence: Evidence) -> bool:
    if not form.is_valid() or saved(request, form, partial(_evidence_update, evidence, form)) is not None:
        return False
    messages.success(request, f"{evidence.key} is saved.")
    return True


def _evidence_update(evidence: Evidence, form: EvidenceEditForm) -> None:
    data = form.cleaned_data
    services.evidence_update(
        evidence=evidence, title=data["title"], aspects=data["aspects"], shown=data["shown"]
    )


@accepts_files
@login_required
def evidence_detail(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.VIEW_EVIDENCE)
    evidence = access.object_for(
        request.user,
        review,
        Evidence.objects.select_related("removed_by").with_aspects(),
        pk,
        Permission.VIEW_EVIDENCE,
    )
    can_change = access.can(request.user, Permission.UPLOAD_EVIDENCE, review) and evidence.removed_at is None
    linked = evidence.aspect_numbers
    edit_form = EvidenceEditForm(
        initial={"title": evidence.title, "aspects": linked, "shown": linked}, review=review
    )
    version_form = VersionForm()
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("You may not change this document")
        if "file" in request.FILES or request.POST.get("form") == "version":
            version_form = VersionForm(request.POST, request.FILES)
            if _version_added(request, version_form, evidence):
                return redirect("evidence_detail", reference=review.reference, pk=evidence.pk)
        else:
            edit_form = EvidenceEditForm(request.POST, review=review)
            if _evidence_saved(request, edit_form, evidence):
                return redirect("evidence_detail", reference=review.reference, pk=evidence.pk)
    files = list(evidence.files.select_related("uploaded_by"))
    forms = {"edit_form": edit_form, "version_form": version_form}
    context = review_context(request, review) | {
        "evidence": evidence,
        "files": files,
        "can_change": can_change,
    }
    return render(request, "assessments/evidence_detail.html", context | forms | _scanning(request, files))


@login_required
@require_http_methods(["GET", "POST"])
def evidence_remove(request, reference, pk):
    review = access.review_for(request.user, reference, Permission.UPLOAD_EVIDENCE)
    evidence = access.object_for(
        request.user, review, Evidence.objects.current(), pk, Permission.UPLOAD_EVIDENCE
    )
    if request.method == "GET":
        return confirm_page(
            request,
            review,
            Confirmation(
                title=f"Remove {evidence.key} ({evidence.title})?",
                lead="The document leaves the evidence the review team reads.",
                consequences=[
                    "Answers that named it no longer show it.",
                    "The review team can still see that it was uploaded and removed, by whom and when; "
                    "its files are kept for the record.",
                ],
                button=f"Remove {evidence.key}",
                cancel_url=reverse("evidence_detail", args=[review.reference, evidence.pk]),
                warning=True,
                cannot_undo=True,
            ),
        )
    services.evidence_remove(evidence=evidence, by=request.user)
    messages.success(
        request,
        f"{evidence.key} ({evidence.title}) is removed. The review team can still see it was uploaded.",
    )
    return redirect("evidence_list", reference=review.reference)


@login_required
def evidence_download(request, reference, pk, number):
    review = access.review_for(request.user, reference, Permission.VIEW_EVIDENCE)
    evidence = access.object_for(request.user, review, Evidence.objects.all(), pk, Permission.VIEW_EVIDENCE)
    version = EvidenceFile.objects.filter(evidence=evidence, number=number).first()
    if version is None:
        raise Http404("No such version")
    if not access.may_download(request.user, version):
        context = review_context(request, review) | {"evidence": evidence, "version": version}
        return render(request, "assessments/evidence_withheld.html", context, status=403)
    record(kind="download", instance=version, review_id=review.pk, summary=f"{evidence.key} version {number}")
    # The stored name comes from the database, never from the request.
    response = FileResponse(
        private_storage().open(version.stored_name, "rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
