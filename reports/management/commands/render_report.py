from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import ReportVersion, Review
from reports.documents.pdf import render_pdf
from reports.documents.rendering import report_html
from reports.documents.word import word_document

SUFFIXES = (".pdf", ".docx", ".html")


class Command(BaseCommand):
    help = (
        "Writes a review's report, the current draft or a stored published version, as PDF, Word "
        "(DOCX) or HTML by the output file's suffix."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference")
        parser.add_argument("--output", required=True, help="the file to write: .pdf, .docx or .html")
        parser.add_argument("--html", help="also write the HTML the document is made from")
        parser.add_argument("--published", type=int, metavar="N", help="write stored published version N")

    def handle(
        self, *args: Any, reference: str, output: str, html: str | None, published: int | None, **options: Any
    ) -> None:
        suffix = Path(output).suffix.lower()
        if suffix not in SUFFIXES:
            raise CommandError(
                f"--output must end in {', '.join(SUFFIXES)}, not “{suffix or output}”.", returncode=2
            )
        review = Review.objects.select_related("host", "framework").filter(reference=reference).first()
        if review is None:
            raise CommandError(f'There is no review with the reference "{reference}".', returncode=2)
        if published is not None:
            version = ReportVersion.objects.filter(report__review=review, number=published).first()
            if version is None:
                raise CommandError(f"{reference} has no published version {published}.", returncode=2)
            source, data = version.html, _stored(version, suffix)
        else:
            source = report_html(review)
            data = _made(source, suffix)
        Path(output).write_bytes(data)
        if html:
            Path(html).write_text(source, encoding="utf-8")
        self.stderr.write(f"Wrote {output} ({len(data):,} bytes).")


def _made(source: str, suffix: str) -> bytes:
    if suffix == ".html":
        return source.encode("utf-8")
    return render_pdf(source) if suffix == ".pdf" else word_document(source)


def _stored(version: ReportVersion, suffix: str) -> bytes:
    """A published version's own bytes; made from its stored HTML only if the worker has not yet
    (the same bytes it will store)."""
    if suffix == ".pdf" and version.pdf_ready:
        return bytes(version.pdf)
    if suffix == ".docx" and version.has_docx:
        return bytes(version.docx)
    if not version.html:
        raise CommandError(
            f"Version {version.number} was published before its HTML was kept: only its PDF exists."
        )
    return _made(version.html, suffix)
