"""Renders the report's content: HTML for the browser preview, the same HTML through WeasyPrint
for the PDF and through ``reports.documents.word`` for the Word document."""

from django.template.loader import render_to_string

from assessments.models import Review
from reports.documents.content import SECTIONS, build_report
from reports.documents.pdf import LockedURLFetcher, render_pdf
from reports.documents.pdf_cache import pdf_for
from reports.documents.word import word_document
from reports.models import RenderedPDF


def report_html(review: Review, *, preview: bool = False, back_url: str = "") -> str:
    return render_to_string(
        "reports/report.html",
        {"r": build_report(review), "sections": SECTIONS, "preview": preview, "back_url": back_url},
    )


def report_pdf(review: Review, *, fetcher: LockedURLFetcher | None = None) -> bytes:
    return render_pdf(report_html(review), fetcher=fetcher)


def draft_report_pdf(review: Review) -> bytes:
    """The draft's PDF for download: rendered once for each content (``reports.documents.pdf_cache``)."""
    return pdf_for(review=review, kind=RenderedPDF.Kind.DRAFT_REPORT, html=report_html(review))


def report_docx(review: Review) -> bytes:
    return word_document(report_html(review))
