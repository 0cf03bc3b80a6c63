"""Renders the report's content: HTML for the browser preview, the same HTML through WeasyPrint
for the PDF."""

from django.template.loader import render_to_string

from assessments.models import Review
from reports.content import build_report
from reports.pdf import LockedURLFetcher, render_pdf


def report_html(review: Review, *, preview: bool = False, back_url: str = "") -> str:
    return render_to_string(
        "reports/report.html", {"r": build_report(review), "preview": preview, "back_url": back_url}
    )


def report_pdf(review: Review, *, fetcher: LockedURLFetcher | None = None) -> bytes:
    return render_pdf(report_html(review), fetcher=fetcher)
