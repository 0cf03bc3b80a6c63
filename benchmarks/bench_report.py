"""Report rendering: the app's PDF against WeasyPrint alone on a minimal hand-made HTML of the
same words (ratio <= 1.25); the Word document built from the same report; each PDF's first
render and a repeat download (<= 5% of the render); and a fresh worker's first render against
a warm one (<= 1.3x)."""

import gc
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.test import Client
from weasyprint import HTML

from assessments.demo import DEMO_DIR
from assessments.exchange import import_review
from benchmarks import Row
from benchmarks.demo_data import MANAGER, REFERENCES, load_demo
from peerreview.accounts.models import User
from reports.documents.pdf import ORIGIN, LockedURLFetcher
from reports.documents.rendering import report_docx, report_html, report_pdf
from reports.models import RenderedPDF
from tests.two_factor import force_login

SHARED_EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "midlothian-2019.json"
RUNS = 7
MINIMAL_STYLE = (
    "<style>@page { size: A4; margin: 25mm 20mm }"
    ' body { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 11pt }</style>'
)


PDFS = [
    ("draft report", "report/draft.pdf"),
    ("key findings handout", "presentation/handout.pdf"),
    ("interview timetable", "interviews/timetable.pdf"),
    ("action plan", "actions/plan.pdf"),
    ("published version 1 (stored bytes)", "report/versions/1.pdf"),
]


def _median(function, runs: int) -> float:
    function()  # warm
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def minimal_html(html: str) -> str:
    """The report's words in the plainest HTML WeasyPrint takes: its text elements without
    classes, styles, running headers, counters or contents, on the report's page (A4, its
    margins) in its font and size."""
    body = html.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", "", body, flags=re.S)
    body = re.sub(r"<(/?)(?:section|div|span|nav|header|footer|aside|a|strong|em)\b[^>]*>", "", body)
    body = re.sub(r"<(\w+)\s[^>]*>", r"<\1>", body)  # no attributes
    return (
        "<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Report</title>"
        f"{MINIMAL_STYLE}<body>{body}</body></html>"
    )


def unstyled_html(html: str) -> str:
    """The app's own HTML (every element, class and link) with none of its print stylesheets,
    on the minimal page: what the report costs without the page breaks, marking, page numbers
    and contents page numbers the stylesheets add. For the record, not a target: it tells the
    cost of the markup from the cost of the printed structure."""
    head, rest = html.split("</head>", 1)
    head = re.sub(r"<link[^>]*>", "", head)
    return head + MINIMAL_STYLE + "</head>" + rest


def as_the_app_loads(html: str) -> HTML:
    """``html`` as the service renders it: its static files through the locked fetcher."""
    return HTML(string=html, base_url=f"{ORIGIN}/", url_fetcher=LockedURLFetcher())


def run() -> list[Row]:
    path = SHARED_EXAMPLE if SHARED_EXAMPLE.exists() else DEMO_DIR / "ardlarich-2025.json"
    review = import_review(path.read_bytes(), replace=True)
    html = report_html(review)
    plain = minimal_html(html)
    rows, render = _render(review, html, plain)
    return rows + [_word(review, render)] + _downloads(render) + _fresh_worker()


def _render(review, html: str, plain: str) -> tuple[list[Row], float]:
    def weasyprint_alone():  # tagged as the service's are: PDF/UA is required, not a cost to trim
        HTML(string=plain).write_pdf(pdf_variant="pdf/ua-1")

    unstyled = unstyled_html(html)

    def markup_alone():
        as_the_app_loads(unstyled).write_pdf(pdf_variant="pdf/ua-1")

    app, alone, markup = _medians_interleaved(
        {"app": lambda: report_pdf(review), "alone": weasyprint_alone, "markup": markup_alone}
    ).values()
    ratio = app / alone
    pages = [len(document.render().pages) for document in (HTML(string=plain), as_the_app_loads(html))]
    unstyled_pages = len(as_the_app_loads(unstyled).render().pages)
    rows = [
        (
            f"render {review.reference} report (app), median of {RUNS}",
            f"{app:.3f} s ({pages[1]} pages)",
            "",
            None,
        ),
        (
            f"render the same words from minimal HTML with WeasyPrint alone, median of {RUNS}",
            f"{alone:.3f} s ({pages[0]} pages)",
            "",
            None,
        ),
        ("app / WeasyPrint alone on minimal HTML", f"{ratio:.3f}", "<= 1.25", ratio <= 1.25),
        (
            "for the record: the app's HTML without its print stylesheets (no page breaks, marking, "
            f"page numbers or contents page numbers), WeasyPrint alone, median of {RUNS}",
            f"{markup:.3f} s ({unstyled_pages} pages) = {markup / alone:.2f}x the minimal HTML",
            "",
            None,
        ),
    ]
    return rows, app


def _word(review, render: float) -> Row:
    """The time to build the report as a Word document, beside the PDF's ``render`` time."""
    word = _median(lambda: report_docx(review), RUNS)
    return (
        f"build the same report as a Word document ({len(report_docx(review)):,} bytes), median of {RUNS}",
        f"{word * 1000:.0f} ms = {word / render:.1%} of the PDF render",
        "",
        None,
    )


def _medians_interleaved(functions: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Each function's median time over ``RUNS``, after one call each to warm: interleaved, so
    that whatever else the machine is doing weighs on all alike.

    Each call is timed with the collection of its own garbage, from a collected start. Timed
    bare, a render paid for the collections its neighbour's garbage set off, at a rhythm locked
    to the interleaving: the same code measured 1.19x and 1.63x WeasyPrint alone in two runs,
    as the collections fell on one function or the other."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for function in functions.values():
        function()
    for _ in range(RUNS):
        for name, function in functions.items():
            gc.collect()
            started = time.perf_counter()
            function()
            gc.collect()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(runs) for name, runs in times.items()}


def _downloads(render: float) -> list[Row]:
    """Each PDF of the demo review in follow-up: its first download (a render: nothing kept) and a
    repeat (the kept bytes), as the review manager; the published version's stored bytes too."""
    load_demo()
    client = force_login(Client(), User.objects.get(email=MANAGER))
    base = f"/reviews/{REFERENCES[0]}/"
    rows = []
    for label, url in PDFS:
        RenderedPDF.objects.all().delete()
        first = _timed(lambda u=base + url: _ok(client.get(u)))
        repeat = _median(lambda u=base + url: _ok(client.get(u)), runs=25)
        stored = url.startswith("report/versions/")  # never rendered on download: against the report's
        share = repeat / (render if stored else first)
        tag = client.get(base + url)["ETag"]
        answers = {client.get(base + url, headers={"If-None-Match": tag}).status_code for _ in range(5)}
        conditional = _median(
            lambda u=base + url, t=tag: client.get(u, headers={"If-None-Match": t}), runs=25
        )
        rows += [
            (
                f"{label}: first download{'' if stored else ' (a render)'}, then a repeat (median of 25)",
                f"{first * 1000:.0f} ms, then {repeat * 1000:.1f} ms = {share:.1%} of "
                + ("the report's render" if stored else "its render"),
                "repeat <= 5% of a render",
                share <= 0.05,
            ),
            (
                f"{label}: a conditional repeat (If-None-Match: its ETag), median of 25",
                f"{', '.join(str(code) for code in sorted(answers))} in {conditional * 1000:.1f} ms",
                "304",
                answers == {304},
            ),
        ]
    return rows


def _fresh_worker() -> list[Row]:
    """A new process's first render of the report against its later ones, with the warm-up that
    gunicorn workers and the task worker do, and without it."""
    rows = []
    for warm in (True, False):
        said = subprocess.run(
            [sys.executable, "-m", "benchmarks.fresh_render", *(["--warm"] if warm else [])],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ,
        ).stdout
        first, later = json.loads(said.strip().splitlines()[-1])
        ratio = first / later
        rows.append(
            (
                f"a new process's first report render / later ones, {'with' if warm else 'without'} warm-up",
                f"{first:.3f} s / {later:.3f} s = {ratio:.2f}",
                "<= 1.3" if warm else "",
                ratio <= 1.3 if warm else None,
            )
        )
    return rows


def _ok(response):
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code} for a PDF")
    return response


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started
