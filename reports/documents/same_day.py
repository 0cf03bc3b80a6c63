"""Office documents (DOCX, XLSX) made from the same content on the same day are the same bytes,
so that a repeat download can be answered "not modified" (``pdf.document_response``). Their
writers date them to the second, in their properties and in each part of the zip archive they
are; these date both to the start of the day (UTC). A published version keeps its own time.
"""

import datetime
import io
import zipfile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter


def start_of_today() -> datetime.datetime:
    """The start of today in UTC, without a time zone (as the documents' properties store it)."""
    now = datetime.datetime.now(tz=datetime.UTC)
    return now.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)


def zip_dated(data: bytes, when: datetime.datetime) -> bytes:
    """``data``, a zip archive, with every part dated ``when`` and otherwise as it was."""
    stamp = when.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            dated = zipfile.ZipInfo(part.filename, date_time=stamp)
            dated.compress_type = part.compress_type
            dated.external_attr = part.external_attr
            target.writestr(dated, source.read(part))
    return out.getvalue()


def xlsx_of(workbook: Workbook) -> bytes:
    """The workbook's bytes, dated today (openpyxl's own save dates them to the second)."""
    today = start_of_today()
    workbook.properties.created = workbook.properties.modified = today
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return zip_dated(buffer.getvalue(), today)
