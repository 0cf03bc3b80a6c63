"""Report rendering: the app's render against WeasyPrint alone on the same HTML (ratio <= 1.15),
the Word document built from the same report against the PDF render, and a published download
against a render (<= 5%)."""

import statistics
import time
from pathlib import Path

from django.test import Client
from weasyprint import HTML

from assessments.demo import DEMO_DIR
from assessments.exchange import import_review
from assessments.models import ReportVersion
from peerreview.accounts.models import User
from reports.pdf import ORIGIN, LockedURLFetcher
from reports.rendering import report_docx, report_html, report_pdf

SHARED_EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "midlothian-2019.json"
RUNS = 7


def _median(function, runs: int) -> float:
    function()  # warm
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def run() -> list[tuple[str, str, str, bool]]:
    path = SHARED_EXAMPLE if SHARED_EXAMPLE.exists() else DEMO_DIR / "ardlarich-2025.json"
    review = import_review(path.read_bytes(), replace=True)
    html = report_html(review)

    def weasyprint_alone():
        HTML(string=html, base_url=f"{ORIGIN}/", url_fetcher=LockedURLFetcher()).write_pdf(
            pdf_variant="pdf/ua-1"
        )

    # Interleaved, so that whatever else the machine is doing weighs on both alike.
    report_pdf(review)
    weasyprint_alone()
    app_times, alone_times = [], []
    for _ in range(RUNS):
        for function, times in ((lambda: report_pdf(review), app_times), (weasyprint_alone, alone_times)):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
    app, alone = statistics.median(app_times), statistics.median(alone_times)
    ratio = app / alone
    docx_times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        docx = report_docx(review)
        docx_times.append(time.perf_counter() - started)
    word = statistics.median(docx_times)

    manager, _ = User.objects.get_or_create(
        email="bench@example.org", defaults={"full_name": "Bench", "is_review_manager": True}
    )
    # The imported document's report is published: import stored its version (the task rendered it).
    version = ReportVersion.objects.filter(report__review=review).order_by("-number").first()
    if version is None or not version.pdf_ready:
        raise RuntimeError("The example's report should be published, with its PDF stored")
    client = Client()
    client.force_login(manager)
    url = f"/reviews/{review.reference}/report/versions/{version.number}.pdf"
    download = _median(lambda: client.get(url), runs=25)
    share = download / app
    return [
        (f"render {review.reference} report (app), median of {RUNS}", f"{app:.3f} s", "", None),
        (f"render the same HTML with WeasyPrint alone, median of {RUNS}", f"{alone:.3f} s", "", None),
        ("app / WeasyPrint alone", f"{ratio:.3f}", "<= 1.15", ratio <= 1.15),
        (
            f"build the same report as a Word document ({len(docx):,} bytes), median of {RUNS}",
            f"{word * 1000:.0f} ms = {word / app:.1%} of the PDF render",
            "",
            None,
        ),
        (
            f"download published version {version.number} ({len(bytes(version.pdf)):,} bytes)",
            f"{download * 1000:.1f} ms = {share:.1%} of a render",
            "<= 5% of a render",
            share <= 0.05,
        ),
    ]
