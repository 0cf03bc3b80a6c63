"""Rendering a published version's PDF and Word document, as a background task: WeasyPrint takes
about a second, which the person publishing need not wait for. Idempotent: a version whose PDF is
stored is left alone, so a task that runs twice renders, stores and announces once."""

import hashlib

from django.db import transaction
from django_tasks import task

from assessments.models import ReportVersion
from assessments.rules.access import Permission
from assessments.services.feedback import feedback_invite
from assessments.telling.notifications import tell
from reports.documents.pdf import render_pdf
from reports.documents.word import word_document


@task()
def version_render(version_id: int, announce: bool) -> str:
    """Renders version ``version_id``'s PDF and DOCX from its stored HTML and stores them; with ``announce``
    then tells everyone on the review (but who published it) that it is published."""
    with transaction.atomic():
        version = (
            # Only the version's own row is locked: PostgreSQL locks no nullable side of a join.
            ReportVersion.objects.select_for_update(of=("self",))
            .select_related("report__review__host", "published_by")
            .filter(pk=version_id)
            .first()
        )
        if version is None or version.pdf_ready:
            return "nothing to do"
        pdf = render_pdf(version.html)
        docx = word_document(version.html, when=version.published_at)
        version.pdf, version.sha256 = pdf, hashlib.sha256(pdf).hexdigest()
        version.docx, version.docx_sha256 = docx, hashlib.sha256(docx).hexdigest()
        version.full_clean()
        version.save(update_fields=["pdf", "sha256", "docx", "docx_sha256"])
        if announce:
            _announce(version)
    return "rendered"


def _announce(version: ReportVersion) -> None:
    if version.number == 1:  # the first publication also asks the council how the review went
        feedback_invite(review=version.report.review)
    tell(
        review=version.report.review,
        permission=Permission.VIEW_PUBLISHED_REPORT,  # everyone on the review
        subject="The review report is published",
        lines=[f"Version {version.number} of the review report is published. You can download it as a PDF."],
        url_name="report",
        exclude=version.published_by,
        event=f"published-{version.pk}",  # a retried render announces it once
    )
