"""The report as a Word document: made from the same HTML as the PDF, with Word's own structure
(headings, numbered aspects, a real footnote, the contents field, the marking in every header and
footer, document properties), opened here with python-docx to check it."""

import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE

from assessments.models import Finding, ReportVersion
from reports.documents.rendering import report_docx
from reports.publishing.steps import report_check_finish, report_publish, report_send_for_checking
from tests.reports.documents.test_report_pdf import SECTIONS


def _open(data: bytes):
    return Document(io.BytesIO(data))


@pytest.fixture
def word(cast, drafted):
    area = cast.review.framework.areas.get(key="partnership")
    Finding.objects.create(
        review=cast.review, area=area, kind="improvement", text="Share <b>plans</b> & minutes.", position=2
    )
    return _open(report_docx(cast.review))


def _under(document, heading: str) -> list[tuple[str, str]]:
    """The paragraphs after ``heading`` (a heading 2) up to the next heading 1 or 2."""
    paragraphs, found = [], False
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if found and style in ("Heading 1", "Heading 2"):
            break
        if found:
            paragraphs.append((style, paragraph.text))
        found = found or (style == "Heading 2" and paragraph.text == heading)
    return paragraphs


def test_its_chapters_are_word_headings_in_the_report_s_order(word):
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == SECTIONS
    cover = [(p.style.name, p.text) for p in word.paragraphs[:5]]
    assert cover[:3] == [
        ("Subtitle", "Scottish Government Prevent Peer Review Programme"),
        ("Title", "Prevent Peer Review Report"),
        ("Subtitle", "Ardlarich Council"),
    ]


def test_findings_sit_under_their_area_and_kind_as_text(word):
    assert _under(word, "Leadership")[:2] == [
        ("Heading 3", "Good practice:"),
        ("List Bullet", "The SPOC leads well."),
    ]
    partnership = _under(word, "Partnership")
    assert ("List Bullet", "Share <b>plans</b> & minutes.") in partnership  # user text stays text
    assert partnership.index(("Heading 3", "Suggested areas of improvement:")) < partnership.index(
        ("List Bullet", "Share <b>plans</b> & minutes.")
    )


def test_the_aspects_are_a_numbered_list(cast, word):
    numbered = [p.text for p in word.paragraphs if p.style.name == "List Number"]
    assert numbered == list(cast.review.framework.aspects.order_by("number").values_list("text", flat=True))


def test_every_header_and_footer_carries_the_marking_and_the_footer_a_page_number(word):
    for section in word.sections:
        assert section.header.paragraphs[0].text == "OFFICIAL"
        assert section.footer.paragraphs[0].text == "OFFICIAL"
        footer = section.footer._element.xml
        assert "PAGE" in footer
        assert 'w:fldCharType="begin"' in footer


def test_the_disclaimer_is_a_real_footnote(word):
    (part,) = [
        rel.target_part for rel in word.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES
    ]
    notes = part.blob.decode()
    assert "Disclaimer:" in notes
    assert notes.count("<w:footnoteRef/>") == 1
    assert 'w:footnoteReference w:id="1"' in word.element.xml
    background = next(
        p for p in word.paragraphs if p.text.startswith("The Scottish Prevent peer review process")
    )
    assert "Disclaimer" not in background.text  # in the footnote, not the sentence


def test_the_contents_is_filled_with_the_chapters_and_their_headings_each_with_its_page(word):
    assert 'TOC \\o "1-2"' in word.element.xml
    entries = [(p.style.name, p.text.strip()) for p in word.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert [text for style, text in entries if style == "TOC 1"] == SECTIONS
    assert ("TOC 2", "Acknowledgements") in entries
    assert not any(text.startswith("Good practice") for _, text in entries)  # level 3 is left out
    bookmarks = re.findall(r'w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"', word.element.xml)
    references = re.findall(r"PAGEREF (_Toc\d+) \\h", word.element.xml)
    assert references == bookmarks
    assert len(bookmarks) == len(entries)


def test_it_is_a4_in_the_pdfs_design_with_a_cover_of_its_own(word):
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == "OFFICIAL"
    assert "".join(p.text for p in section.first_page_footer.paragraphs) == ""  # no number on the cover
    footer = section.footer._element.xml
    assert " PAGE " in footer  # "Page N of M"
    assert " NUMPAGES " in footer
    for name in ("Title", "Heading 1", "Normal"):
        style = word.styles[name]
        assert (style.font.name, str(style.font.color.rgb)) == ("Liberation Sans", "0B0C0C"), name
    cover_ends = next(i for i, p in enumerate(word.paragraphs) if p.style.name == "TOC Heading")
    assert 'w:type="page"' in word.paragraphs[cover_ends - 1]._p.xml  # the contents start a new page


def test_its_properties_say_what_it_is(word):
    properties = word.core_properties
    assert properties.title.startswith("Prevent Peer Review Report: Ardlarich Council")
    assert properties.author == "Scottish Government Prevent Peer Review Programme"
    assert properties.language == "en-GB"
    assert properties.created.year > 2000
    assert "python-docx" not in (properties.comments or "")
    assert 'w:lang w:val="en-GB"' in word.styles.element.xml
    application = next(p for p in word.part.package.parts if str(p.partname) == "/docProps/app.xml").blob
    assert b"Microsoft Macintosh Word" not in application


def test_a_published_version_stores_its_word_document_and_serves_those_bytes(
    cast, drafted, login, check_access
):
    report_send_for_checking(review=cast.review, by=cast.review_manager)
    report_check_finish(review=cast.review, by=cast.spoc)
    report_publish(review=cast.review, by=cast.review_manager)
    version = ReportVersion.objects.get()
    assert version.has_docx
    url = reverse("report_version_docx", args=[cast.review.reference, 1])
    response = check_access(url, outsider=cast.other_spoc, allowed=cast.senior)
    assert response.content == bytes(version.docx)
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "OFFICIAL" in _open(response.content).sections[0].header.paragraphs[0].text
    page = login(cast.senior).get(reverse("report", args=[cast.review.reference])).text
    assert url in page
    assert reverse("report_version", args=[cast.review.reference, 1]) in page


def test_the_draft_word_document_is_for_those_who_may_read_the_draft(cast, drafted, check_access):
    url = reverse("report_draft_docx", args=[cast.review.reference])
    response = check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.lead_peer)
    assert zipfile.is_zipfile(io.BytesIO(response.content))
    assert "The SPOC leads well." in "\n".join(p.text for p in _open(response.content).paragraphs)


def test_render_report_writes_pdf_word_or_html_by_suffix(cast, drafted, tmp_path, capsys):
    for name in ("r.pdf", "r.docx", "r.html"):
        call_command("render_report", cast.review.reference, "--output", str(tmp_path / name))
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "Prevent Peer Review Report" in [
        p.text for p in _open((tmp_path / "r.docx").read_bytes()).paragraphs[:3]
    ]
    assert "The SPOC leads well." in (tmp_path / "r.html").read_text()
    with pytest.raises(Exception, match="must end in .pdf, .docx, .html"):
        call_command("render_report", cast.review.reference, "--output", str(tmp_path / "r.txt"))


def test_the_self_assessment_as_a_word_document_has_every_answer_for_sign_off(cast, login, check_access):
    from assessments.models import RatingLevel
    from assessments.services.self_assessment import response_save

    rating = RatingLevel.objects.filter(framework=cast.review.framework).order_by("position").last()
    response_save(
        review=cast.review,
        aspect=cast.review.framework.aspects.get(number=3),
        rating=rating,
        narrative="First paragraph.\n\nSecond <i>paragraph</i>.",
        evidence=[],
        evidence_shown=[],
        expected_version=0,
        by=cast.spoc,
    )
    url = reverse("self_assessment_docx", args=[cast.review.reference])
    response = check_access(url, outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.spoc)
    document = _open(response.content)
    assert document.paragraphs[0].text == "Prevent Peer Review Self-Assessment"
    areas = list(cast.review.framework.areas.order_by("position").values_list("title", flat=True))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [*areas, "Sign-off"]
    aspects = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(aspects) == cast.review.framework.aspects.count()
    texts = [p.text for p in document.paragraphs]
    at = texts.index(next(t for t in aspects if t.startswith("Aspect 3:")))
    assert texts[at + 1 : at + 4] == [
        f"Rating: {rating.label}",
        "First paragraph.",
        "Second <i>paragraph</i>.",
    ]
    assert "Rating: Not rated" in texts
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL"
    (table,) = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["Name", "Job title", "Signature", "Date"]


def test_the_report_template_writes_every_class_the_word_builder_reads(cast, drafted):
    """The Word document is built from the report's HTML by its class names: a contract. The
    draft's PDF HTML and its browser preview between them write every one."""

    from reports.documents.rendering import report_html
    from reports.documents.word import CLASSES_READ

    written = set()
    for html in (report_html(cast.review), report_html(cast.review, preview=True, back_url="/")):
        for names in re.findall(r'class="([^"]+)"', html):
            written.update(names.split())
    assert CLASSES_READ - written == set(), "the Word builder reads classes the report no longer writes"
