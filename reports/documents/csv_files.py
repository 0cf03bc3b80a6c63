"""The one CSV writer for every table the service lets people take away.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a
carriage return) as a formula, so text a user wrote could run when a review manager opens the
file. Following OWASP's advice on CSV injection, such a cell is written with a leading apostrophe,
which spreadsheets show as text and do not run.
"""

import csv
import io
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse

from reports.documents.pdf import document_response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def csv_response(
    request: HttpRequest, *, header: list[str], rows: Iterable[Iterable[object]], filename: str
) -> HttpResponse:
    data = csv_text(header, rows).encode("utf-8")
    return document_response(request, data, filename, "text/csv; charset=utf-8")
