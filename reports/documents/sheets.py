"""The one spreadsheet (XLSX) writer for every table the service lets people take away, beside
the CSV of the same rows (``reports.documents.csv_files``).

A header row in bold with a filter, panes frozen below it, columns as wide as their content (within
reason), dates and times as real dates and times. Text a user wrote that starts like a formula
(the CSV writer's ``FORMULA_STARTS``) is stored as text and quote-prefixed, so a spreadsheet never
runs it, not even after someone edits the cell.
"""

import datetime
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports.documents.csv_files import FORMULA_STARTS
from reports.documents.pdf import XLSX, document_response
from reports.documents.same_day import xlsx_of

FORMATS = {datetime.datetime: "d mmm yyyy hh:mm", datetime.date: "d mmm yyyy", datetime.time: "hh:mm"}
MAX_WIDTH = 60


def set_value(cell: Cell, value: object) -> None:
    """Puts ``value`` in ``cell``: text that looks like a formula as quoted text, dates as dates."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # spreadsheets hold local times: callers give them local
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True
        return
    cell.value = value
    for kind, number_format in FORMATS.items():
        if isinstance(value, kind):
            cell.number_format = number_format
            break


def xlsx_bytes(*, header: list[str], rows: Iterable[Iterable[object]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    widths = [len(name) for name in header]
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            set_value(sheet.cell(row=row_number, column=column), value)
            shown = 12 if isinstance(value, datetime.date) else len(str(value or ""))
            widths[column - 1] = max(widths[column - 1], shown)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return xlsx_of(workbook)


def xlsx_response(
    request: HttpRequest, *, header: list[str], rows: Iterable[Iterable[object]], filename: str, title: str
) -> HttpResponse:
    return document_response(request, xlsx_bytes(header=header, rows=rows, title=title), filename, XLSX)
