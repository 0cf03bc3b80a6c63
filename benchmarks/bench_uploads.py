"""Refusing hostile uploads: a workbook of 1.4 MB that unpacks to 19 MB, and a DOCX whose headers
declare 5 KB but which inflates to 1 GB (the security probe's two files), each refused within a
second on the 2-core machine, its memory bounded by the unpacking limit."""

import statistics
import time
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.demo import DEMO_DIR
from assessments.exchange import import_review
from assessments.files.uploads import check_file
from reports.documents.workbook import WorkbookRefused, read_workbook, workbook_bytes
from tests.files import lying_bomb, swollen

TARGET_SECONDS = 1.0
RUNS = 5


def _timed(refuse) -> tuple[float, float]:
    """Median seconds over RUNS, and the peak Python memory of one run in MB."""
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        refuse()
        timings.append(time.perf_counter() - started)
    tracemalloc.start()
    refuse()
    peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
    tracemalloc.stop()
    return statistics.median(timings), peak


def run() -> list[tuple[str, str, str, bool]]:
    review = import_review((DEMO_DIR / "ardlarich-2027.json").read_bytes(), replace=True)
    workbook = swollen(workbook_bytes(review))
    docx = lying_bomb("docx", unpacked_mb=1024)

    def refuse_workbook():
        try:
            read_workbook(review, workbook)
        except WorkbookRefused:
            return
        raise AssertionError("the swollen workbook was accepted")

    def refuse_docx():
        try:
            check_file(SimpleUploadedFile("minutes.docx", docx))
        except Exception:  # ValidationError: refused, as it must be
            return
        raise AssertionError("the lying DOCX was accepted")

    rows = []
    for name, size, refuse in (
        ("workbook of 1.4 MB unpacking to 19 MB", len(workbook), refuse_workbook),
        ("DOCX declaring 5 KB, inflating to 1 GB", len(docx), refuse_docx),
    ):
        median, peak = _timed(refuse)
        rows.append(
            (
                f"refuse a {name} ({size / (1024 * 1024):.1f} MB sent), median of {RUNS}",
                f"{median:.3f} s, peak {peak:.1f} MB allocated",
                f"<= {TARGET_SECONDS} s",
                median <= TARGET_SECONDS,
            )
        )
    return rows
