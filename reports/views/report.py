from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.lifecycle import publication
from assessments.models import Report, ReportComment, ReportStatus, ReportVersion, Review
from assessments.pages.shared import Confirmation, confirm_page, review_context, saved
from assessments.rules import access
from assessments.rules.access import Permission
from peerreview.accounts.models import AnyUser, SignedInRequest
from peerreview.audit.record import record
from peerreview.forms import add_errors
from reports.documents.content import SECTION_TITLES
from reports.documents.pdf import DOCX, document_response, not_modified
from reports.documents.rendering import draft_report_pdf, report_docx, report_html
from reports.forms.report import CommentForm, ReportTextForm, ResolveForm
from reports.publishing import steps as services


@login_required
def report_page(request: SignedInRequest, reference: str) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.VIEW_PUBLISHED_REPORT)
    report = Report.objects.filter(review=review).first()
    can_comment = access.can(request.user, Permission.COMMENT_ON_REPORT, review)
    form = CommentForm(request.POST or None) if can_comment else None
    if request.method == "POST":
        access.require(request.user, Permission.COMMENT_ON_REPORT, review)
        if form is not None and form.is_valid():
            try:
                services.comment_add(review=review, **form.cleaned_data, by=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Your comment is sent to the review team.")
                return redirect("report", reference=review.reference)
    sees_draft = access.can(request.user, Permission.VIEW_DRAFT_REPORT, review)
    moves, blockers, can_publish = _report_moves(request.user, review, report)
    comments: list[ReportComment] = []
    if report is not None and (sees_draft or can_comment):
        comments = list(report.comments.select_related("author", "resolved_by"))
    context = review_context(request, review) | {
        "report": report,
        "sees_draft": sees_draft,
        "form": form,
        "comments": comments,
        "sections": SECTION_TITLES,
        "versions": report.versions.select_related("published_by").defer("pdf", "html", "docx")
        if report
        else [],
        "resolve_form": ResolveForm(),
        "moves": moves,
        "publish_blockers": blockers,
        "can_publish": can_publish,
    }
    return render(request, "reports/report_page.html", context)


def _report_moves(
    user: AnyUser, review: Review, report: Report | None
) -> tuple[list[tuple[str, str, bool]], list[str], bool]:
    """The report's next steps this user may take now, as ``(move, label, primary)``; while the
    draft is out for checking, why it cannot yet be published, and whether it can (publishing
    has a confirmation page of its own, report_publish)."""
    if not access.can(user, Permission.PUBLISH_REPORT, review):
        return [], [], False
    status = report.status if report else ReportStatus.DRAFT
    if status == ReportStatus.DRAFT:
        return [("send", "Send to the council for a factual-accuracy check", False)], [], False
    if status == ReportStatus.PUBLISHED:
        return [("new_version", "Start a new version of the report", False)], [], False
    blockers = publication.publish_blockers(review)
    return [("draft", "Take back to draft", False)], blockers, not blockers


@login_required
def report_text(request: SignedInRequest, reference: str) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.EDIT_FINDINGS)
    report = Report.objects.filter(review=review).first()
    initial = {
        "context": report.context if report else "",
        "executive_summary": "\n\n".join(report.executive_summary) if report else "",
        "key_findings": "\n\n".join(report.key_findings) if report else "",
        "acknowledgements": "\n\n".join(report.acknowledgements or []) if report else "",
        "version": report.version if report else 1,
    }
    form = ReportTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        save = partial(
            services.report_text_save,
            review=review,
            context=data["context"],
            executive_summary=data["executive_summary"],
            key_findings=data["key_findings"],
            acknowledgements=data["acknowledgements"],
            expected_version=data["version"],
            by=request.user,
        )
        form_again = saved(request, form, save)
        if form_again is None:
            messages.success(request, "The report text is saved.")
            return redirect("report", reference=review.reference)
        form = form_again
    return render(request, "reports/report_text.html", review_context(request, review) | {"form": form})


@login_required
def report_preview(request: SignedInRequest, reference: str) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.VIEW_DRAFT_REPORT)
    return HttpResponse(
        report_html(review, preview=True, back_url=reverse("report", args=[review.reference]))
    )


@login_required
def report_draft_pdf(request: SignedInRequest, reference: str) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.VIEW_DRAFT_REPORT)
    return document_response(request, draft_report_pdf(review), f"{review.reference}-report-draft.pdf")


@login_required
def report_draft_docx(request: SignedInRequest, reference: str) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.VIEW_DRAFT_REPORT)
    return document_response(request, report_docx(review), f"{review.reference}-report-draft.docx", DOCX)


@login_required
def report_version(request: SignedInRequest, reference: str, number: int) -> HttpResponse:
    return _version_download(request, reference, number, word=False)


@login_required
def report_version_docx(request: SignedInRequest, reference: str, number: int) -> HttpResponse:
    return _version_download(request, reference, number, word=True)


def _version_download(request: SignedInRequest, reference: str, number: int, *, word: bool) -> HttpResponse:
    """A published version's stored bytes: its PDF, or its Word document."""
    review = access.review_for(request.user, reference, Permission.VIEW_PUBLISHED_REPORT)
    # The stored bytes are read only for a download that sends them.
    versions = ReportVersion.objects.filter(report__review=review, number=number)
    version = versions.defer("pdf", "docx", "html").first()
    if version is None or (word and version.pdf_ready and not version.has_docx):
        raise Http404("No such version")
    if not version.pdf_ready:  # the task worker is rendering it
        context = review_context(request, review) | {"version": version}
        return render(request, "reports/version_preparing.html", context)
    # A client that holds these bytes already is told so; nothing is downloaded, so nothing recorded.
    unchanged = not_modified(request, version.docx_sha256 if word else version.sha256)
    if unchanged is not None:
        return unchanged
    kind = "Word document" if word else "PDF"
    summary = f"Report version {version.number} ({kind})"
    record(kind="download", instance=version, review_id=review.pk, summary=summary)
    name = f"{review.reference}-report-v{version.number}"
    if word:
        return document_response(request, bytes(version.docx), f"{name}.docx", DOCX, etag=version.docx_sha256)
    return document_response(request, bytes(version.pdf), f"{name}.pdf", etag=version.sha256)


STATUS_MOVES = {
    "send": (
        services.report_send_for_checking,
        "The draft is with the council for a factual-accuracy check.",
    ),
    "draft": (
        services.report_return_to_draft,
        "The report is back in draft; the council can no longer read it.",
    ),
    "new_version": (
        services.report_return_to_draft,
        "The report is in draft for a new version; the council reads the published version meanwhile.",
    ),
}


@login_required
@require_POST
def report_status(request: SignedInRequest, reference: str) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.PUBLISH_REPORT)
    move = STATUS_MOVES.get(request.POST.get("move", ""))
    if move is None:
        raise Http404("No such move")
    function, done = move
    try:
        function(review=review, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("report", reference=review.reference)


@login_required
@require_POST
def comment_resolve(request: SignedInRequest, reference: str, pk: int) -> HttpResponse:
    review = access.review_for(request.user, reference, Permission.EDIT_FINDINGS)
    comment = access.object_for(
        request.user, review, ReportComment.objects.select_related("report"), pk, Permission.EDIT_FINDINGS
    )
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.comment_resolve(
                comment=comment, resolution=form.cleaned_data["resolution"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The comment is resolved.")
    else:
        messages.error(request, "Enter how the comment was resolved")
    return redirect(f"{reverse('report', args=[review.reference])}#comment-{comment.pk}")


@login_required
def report_publish(request: SignedInRequest, reference: str) -> HttpResponse:
    """Publishing a version, after a page that says what it will do; during the council's check,
    that page names the open check and asks for a reason."""
    review = access.review_for(request.user, reference, Permission.PUBLISH_REPORT)
    report_url = reverse("report", args=[review.reference])
    problems = publication.publish_blockers(review)
    if problems:
        messages.error(request, " ".join(problems))
        return redirect(report_url)
    refused = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            version = services.report_publish(review=review, by=request.user, reason=reason)
        except ValidationError as error:
            refused = " ".join(error.messages)
        else:
            ready = ReportVersion.objects.filter(pk=version.pk).exclude(sha256="").exists()
            later = "" if ready else " Its PDF is being prepared and can be downloaded in a minute or two."
            messages.success(request, f"The report is published as version {version.number}.{later}")
            return redirect(report_url)
    return confirm_page(request, review, _publish_confirmation(review, report_url, refused))


def _publish_confirmation(review: Review, report_url: str, refused: str) -> Confirmation:
    number = ReportVersion.objects.filter(report__review=review).count() + 1
    early = publication.check_open(review)
    return Confirmation(
        title="Publish the report?" if number == 1 else f"Publish version {number} of the report?",
        lead=f"The report of the {review.host.name} review will be published as version {number}.",
        consequences=[
            "Its PDF will be stored as it reads now and will never change.",
            "Everyone on the review will be able to download it, the council's senior officers included.",
            "The council's action plan will answer its suggested areas of improvement.",
            "Changing it later will take a new draft, a new factual-accuracy check and a new version.",
        ],
        button="Publish the report",
        cancel_url=report_url,
        cannot_undo=True,
        early=early,
        reason_label="Why publish before the council's check is over? (kept with the version)"
        if early
        else "",
        reason_error=refused,
    )


@require_POST
@login_required
def report_check_finished(request: SignedInRequest, reference: str) -> HttpResponse:
    """The council says it has finished checking the draft."""
    review = access.review_for(request.user, reference, Permission.COMMENT_ON_REPORT)
    services.report_check_finish(review=review, by=request.user)
    messages.success(request, "The review team is told the council has finished checking the draft.")
    return redirect("report", reference=review.reference)
