from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Review
from reports.pdf import render_pdf
from reports.rendering import report_html, report_pdf


class Command(BaseCommand):
    help = "Writes a review's report as PDF: the current draft, or a stored published version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference")
        parser.add_argument("--output", required=True, help="the PDF file to write")
        parser.add_argument("--html", help="also write the HTML the PDF is rendered from")
        parser.add_argument("--published", type=int, metavar="N", help="write stored published version N")

    def handle(
        self, *args: Any, reference: str, output: str, html: str | None, published: int | None, **options: Any
    ) -> None:
        review = Review.objects.select_related("host", "framework").filter(reference=reference).first()
        if review is None:
            raise CommandError(f'There is no review with the reference "{reference}".', returncode=2)
        if published is not None:
            report = getattr(review, "report", None)
            version = report.versions.filter(number=published).first() if report else None
            if version is None:
                raise CommandError(f"{reference} has no published version {published}.", returncode=2)
            # Not rendered yet (the worker is behind): the same bytes, from the same stored HTML.
            data = bytes(version.pdf) if version.pdf_ready else render_pdf(version.html)
        else:
            data = report_pdf(review)
        Path(output).write_bytes(data)
        if html:
            Path(html).write_text(report_html(review), encoding="utf-8")
        self.stderr.write(f"Wrote {output} ({len(data):,} bytes).")
