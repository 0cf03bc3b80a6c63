"""The report PDF, rendered by the real WeasyPrint and read back with poppler's pdftotext."""

import re
import shutil
import subprocess
import zlib

import pytest
from django.db import transaction

from assessments.exchange import import_review
from reports.documents.pdf import LockedURLFetcher, render_pdf
from reports.documents.rendering import report_html, report_pdf
from tests.reports.documents.tagged_pdf import assert_meets_pdf_ua, tagged_pages
from tests.reports.sample_documents import HOSTILE, kilbrannan_document
from tests.shared import example_document

SECTIONS = [
    "1. Executive Summary",
    "2. Prevent Peer Reviews – Background",
    "3. Review Process",
    "4. Self-Assessment Framework",
    "5. Summary of Findings",
    "6. Next Steps and Further Support",
    "Appendix A – Participating Agencies",
]
AREAS = ["Leadership", "Capabilities", "Partnership", "Information Sharing"]

# Marked so that the test database is set up for this module even when it runs alone.
pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return " ".join(text.split())


def _uncompressed(pdf: bytes) -> bytes:
    """The PDF's objects with compressed streams (object streams included) inflated."""
    parts = [pdf]
    # Each stream inflated from its start to the end of its own zlib data: binary data can hold
    # the bytes "endstream", so the keyword is not where a stream ends.
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


class Rendered:
    def __init__(self, document: dict, pdf_text):
        self.document = document
        self.review = import_review(document)
        self.fetcher = LockedURLFetcher()
        self.pdf = report_pdf(self.review, fetcher=self.fetcher)
        self.pages = pdf_text(self.pdf)
        self.flat_pages = [_flat(page) for page in self.pages]

    def page_of(self, needle: str, start: int = 0) -> int:
        for number, page in enumerate(self.flat_pages[start:], start=start + 1):
            if needle in page:
                return number
        raise AssertionError(f"{needle!r} is on no page")

    def heading_page(self, title: str) -> int:
        pattern = re.compile(rf"^\s*{re.escape(title)}\s*$", re.MULTILINE)
        for number, page in enumerate(self.pages[2:], start=3):  # after the title and contents pages
            if pattern.search(page):
                return number
        raise AssertionError(f"heading {title!r} not found")

    def body(self) -> str:
        """The whole text without the page furniture (markings, page numbers)."""
        marking = self.review.protective_marking
        lines = []
        for page in self.pages:
            for line in page.splitlines():
                line = re.sub(r"Page \d+ of \d+", "", line).strip()
                if line and line != marking:
                    lines.append(line)
        return _flat(" ".join(lines))


def _rendered_once(django_db_blocker, document: dict, pdf_text) -> Rendered:
    """Imports and renders once for the whole module (each test only reads the PDF), then rolls
    the import back so that no test sees the rows."""
    with django_db_blocker.unblock(), transaction.atomic():
        rendered = Rendered(document, pdf_text)
        transaction.set_rollback(True)
    return rendered


@pytest.fixture(scope="module")
def example(django_db_setup, django_db_blocker, pdf_text):
    return _rendered_once(django_db_blocker, example_document(), pdf_text)


@pytest.fixture(scope="module")
def kilbrannan(django_db_setup, django_db_blocker, pdf_text):
    return _rendered_once(django_db_blocker, kilbrannan_document(), pdf_text)


@pytest.fixture(params=["example", "kilbrannan"])
def rendered(request):
    return request.getfixturevalue(request.param)


def test_the_title_page_names_the_host_month_and_marking(example, kilbrannan):
    assert "Prevent Peer Review Report Midlothian Council May 2019" in example.flat_pages[0]
    assert "Prevent Peer Review Report Kilbrannan Council September 2026" in kilbrannan.flat_pages[0]
    assert "OFFICIAL-SENSITIVE" in kilbrannan.flat_pages[0]


def test_sections_come_in_order(rendered):
    pages = [rendered.heading_page(title) for title in SECTIONS]
    assert pages == sorted(pages)
    body = rendered.body()
    position = body.index(SECTIONS[-1]) + len(SECTIONS[-1])  # the end of the contents
    for title in SECTIONS:
        position = body.index(title, position)  # each heading after the one before


def test_contents_page_numbers_are_the_pages_headings_fall_on(rendered):
    contents = rendered.pages[1]
    for title in SECTIONS:
        match = re.search(rf"{re.escape(title)}\s+(\d+)", contents)
        assert match, f"{title} is not in the contents"
        assert int(match[1]) == rendered.heading_page(title), title


def test_the_contents_reads_as_titles_and_page_numbers_without_leader_dots(rendered):
    """The dots leading each title to its page number are drawn, not typed: a screen reader, a
    search or a copy of the contents meets the titles and numbers alone."""
    assert re.search(r"\.{2,}", rendered.pages[1]) is None  # each title's number: the test above


def test_the_marking_heads_and_foots_every_page_and_pages_are_numbered(rendered):
    marking = rendered.review.protective_marking
    total = len(rendered.pages)
    for number, page in enumerate(rendered.pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == marking, number
        assert lines[-1].startswith(marking), number
        if number > 1:
            assert f"Page {number} of {total}" in page


def test_the_disclaimer_footnote_is_on_its_markers_page(rendered):
    marker = rendered.page_of("support local authorities deliver the Prevent Duty")
    assert rendered.page_of("Disclaimer: The recommendations offered in this report") == marker


def test_the_opening_sentence_uses_british_ordinal_dates(example, kilbrannan):
    assert "hosted by Midlothian Council on 8th and 9th May 2019." in example.body()
    assert "hosted by Kilbrannan Council on 30th September and 1st October 2026." in kilbrannan.body()
    assert (
        "visited Kilbrannan Council for a two-day review on 30th September and 1st October 2026"
        in kilbrannan.body()
    )


def test_every_finding_is_under_its_own_area_and_kind(rendered):
    body = rendered.body()
    findings_start = body.index(
        "Identified good practice and suggested areas of improvement are shown within each area."
    )
    findings_text = body[findings_start : body.index("6. Next Steps and Further Support", findings_start)]
    titles = {
        "leadership": "Leadership",
        "capabilities": "Capabilities",
        "partnership": "Partnership",
        "information_sharing": "Information Sharing",
    }
    starts = [findings_text.index(f" {title} ") for title in AREAS]
    assert starts == sorted(starts)
    chunks = {
        AREAS[i]: findings_text[starts[i] : starts[i + 1] if i + 1 < len(starts) else None] for i in range(4)
    }
    for finding in rendered.document["review"]["findings"]:
        chunk = chunks[titles[finding["area"]]]
        text = _flat(finding["text"])[:80]
        assert text in chunk, text
        split = chunk.find("Suggested areas of improvement:")
        where = chunk.index(text)
        if finding["kind"] == "good_practice":
            assert chunk.index("Good practice:") < where
            assert split == -1 or where < split
        else:
            assert split != -1
            assert where > split


def test_an_area_without_good_practice_says_so(kilbrannan):
    body = kilbrannan.body()
    assert "The review team did not identify specific good practice under Partnership." in body
    assert "Partnership Good practice:" not in body


def test_appendix_a_groups_agencies_host_first(example, kilbrannan):
    appendix = example.body().split("Appendix A – Participating Agencies")[-1]
    midlothian = [
        "Prevent Single Point of Contact",
        "Senior Education Manager",
        "Contingency Planning Officer",
        "Information Governance/Security Services Lead",
        "Service Manager",
        "Public Protection Manager",
    ]
    assert appendix.startswith(" Midlothian Council • " + " • ".join(midlothian) + " Police Scotland")
    assert appendix.strip().endswith("Police Scotland • Detective Sergeant, Prevent Delivery Unit")
    kilbrannan_appendix = kilbrannan.body().split("Appendix A – Participating Agencies")[-1].strip()
    # The SPOC, interviewed twice, is listed once; the host comes first.
    assert kilbrannan_appendix == (
        "Kilbrannan Council • Prevent Single Point of Contact • Head of Education "
        "Police Scotland • Detective Sergeant"
    )


def test_the_team_is_listed_with_roles(example):
    body = example.body()
    assert "Mark McCall – Service Manager, Safer Communities, Fife Council (Lead Peer)" in body
    assert "Odette Robson – Head of Safer Communities, North Yorkshire County Council •" in body
    assert (
        "Stuart Fletcher – Safeguarding and Vulnerability Team, Scottish Government (Review Manager)" in body
    )
    assert "thank the Single Point of Contact, Joan Tranent, for collating" in body


def test_hostile_text_prints_literally_and_nothing_is_fetched(kilbrannan):
    # Compared without spaces: pdftotext breaks the long URL across lines.
    assert "".join(HOSTILE.split()) in "".join(kilbrannan.body().split())
    assert kilbrannan.fetcher.refused == []


def test_the_pdf_is_tagged_with_title_and_language(kilbrannan, tmp_path):
    objects = _uncompressed(kilbrannan.pdf)
    assert b"/StructTreeRoot" in objects
    assert b"/MarkInfo" in objects
    assert b"/Lang (en-GB)" in objects
    if shutil.which("pdfinfo"):
        path = tmp_path / "report.pdf"
        path.write_bytes(kilbrannan.pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(
            r"^Title:\s+Prevent Peer Review Report: Kilbrannan Council, September 2026$", info, re.M
        )
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts  # every font embedded


def _page_fullness(pdf: bytes, tmp_path) -> list[float]:
    """How far down its text area each page's text reaches (0 empty, 1 full), by poppler's
    layout of the words: the running header and footer, in the margins, are left out."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    margin = 25 / 25.4 * 72  # documents.css: 25 mm above and below the text area
    fullness = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', layout, re.S):
        top, bottom = margin, float(height) - margin
        blocks = re.findall(r'<block xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', body)
        lowest = max(
            (float(y1) for y0, y1 in blocks if float(y0) >= top - 1 and float(y1) <= bottom + 1), default=top
        )
        fullness.append((lowest - top) / (bottom - top))
    return fullness


def test_the_midlothian_report_takes_no_more_pages_than_published_and_none_is_near_empty(example, tmp_path):
    """The published report has 12 pages, a chapter starting each new page; ours may have no more,
    and no page but the last may be under a third full (issue 30)."""
    fullness = _page_fullness(example.pdf, tmp_path)
    assert len(fullness) <= 12
    near_empty = [number for number, full in enumerate(fullness[:-1], start=1) if full < 1 / 3]
    assert near_empty == [], [round(full, 2) for full in fullness]
    assert [example.heading_page(title) for title in SECTIONS] == [3, 4, 5, 6, 7, 11, 12]  # as published


def test_running_headers_and_footers_are_artifacts_and_everything_else_is_in_the_tree(rendered):
    """PDF/UA: a screen reader skips the page furniture (the marking above and below, the page
    number) and finds every other piece of text in the structure tree."""
    pages = tagged_pages(rendered.pdf)
    assert pages[0].artifacts == 1  # the cover: the marking at its top, no footer
    assert all(page.artifacts == 3 for page in pages[1:])  # marking, marking, "Page N of M"
    # Artifacts that show no text: only the contents' leader dots, drawn rather than typed.
    assert [bool(page.decorations) for page in pages] == [False, True] + [False] * (len(pages) - 2)
    assert all(page.tagged for page in pages)
    assert all(page.tagged == page.reached for page in pages), "marked content outside the tree"


def test_the_machine_checkable_pdf_ua_rules_hold(rendered, tmp_path):
    assert_meets_pdf_ua(rendered.pdf, tmp_path)


def _structure(pdf: bytes) -> list:
    """The structure tree as nested ``(type, children)`` pairs."""
    import io

    import pikepdf

    def walk(element):
        if isinstance(element, pikepdf.Array):
            return [node for child in element for node in walk(child)]
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            return [(str(element.S), walk(element.K) if "/K" in element else [])]
        return []

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return walk(document.Root.StructTreeRoot.K)


def _all(nodes: list, kind: str) -> list:
    found = []
    for name, children in nodes:
        if name == kind:
            found.append((name, children))
        found += _all(children, kind)
    return found


def test_the_contents_is_a_list_of_single_links(rendered):
    """Each entry of the contents is one link, the page number beside it: never a link inside a
    link, which a screen reader announced as three links deep (issue 30)."""
    tree = _structure(rendered.pdf)
    assert all(_all(children, "/Link") == [] for _, children in _all(tree, "/Link"))
    (contents,) = [lists for lists in _all(tree, "/L") if len(_all([lists], "/Link")) == len(SECTIONS)][:1]
    for _item, body in contents[1]:
        assert [name for name, _ in body[0][1]].count("/Link") == 1


def test_the_parent_tree_maps_no_artifact_to_an_element(rendered):
    """PDF/UA: an artifact is no part of the structure, so the parent tree (from each page's
    MCIDs to their elements, which a reader follows from the text back to the tree) holds none
    for the furniture, and an element for every sequence the tree reaches."""
    pages = tagged_pages(rendered.pdf)
    assert all(page.mapped == page.reached for page in pages)
    assert [page.unmapped for page in pages] == [1] + [3] * (len(pages) - 1)  # the furniture


def test_the_preview_printed_draws_no_leader_dots(cast, drafted):
    """The browser's preview has no page numbers (they are the PDF's), so printed it draws no
    dots leading to them; the PDF draws a row for each entry. Printed here by WeasyPrint, which
    reads the same print styles as a browser printing the preview."""

    dots_and_masks = tagged_pages(report_pdf(cast.review))[1].decorations
    preview = render_pdf(report_html(cast.review, preview=True, back_url="/"))
    masks_alone = tagged_pages(preview)[1].decorations
    assert dots_and_masks - masks_alone == len(SECTIONS)  # a row of dots for each entry, in the PDF only
