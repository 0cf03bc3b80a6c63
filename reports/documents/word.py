"""Word documents (DOCX, python-docx) made from the same HTML the PDF is rendered from, so that a
document's wording and order have one source: its template.

The HTML is the service's own (``templates/reports/``); its elements map to Word's own styles:
``h1.title`` the title, ``h2``-``h4`` headings 1-3 (so Word's navigation pane and its contents field
work), ``ul`` bullets, ``ol`` numbered lists, ``span.footnote`` a real Word footnote, and
``nav.contents`` Word's contents field. The body's ``data-marking`` goes in every header and
footer. Text is only ever text: every string becomes a run, never markup.
"""

import datetime
import io
import re
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

import lxml.html
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

from reports.documents import word_contents, word_design
from reports.documents.same_day import start_of_today, zip_dated

HEADINGS = {"h2": 1, "h3": 2, "h4": 3}
# Characters XML 1.0 cannot hold (user text may carry them); dropped rather than refused.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str | None) -> str:
    return NOT_XML.sub("", " ".join((value or "").split()))


def word_document(html: str, *, when: datetime.datetime | None = None) -> bytes:
    """The DOCX of ``html``, a complete document from one of the service's templates, in the
    PDFs' design (``word_design``). ``when`` dates the document (a published version's time, so
    that its bytes repeat)."""
    tree = lxml.html.document_fromstring(html)
    document = Document()
    cover = tree.body.find(f".//section[@class='{COVER}']") is not None
    word_design.page_setup(document.sections[0], cover=cover)
    word_design.styles(document)
    author = tree.find(".//meta[@name='author']")
    # A published version is dated its time; a draft, the day it is made (``same_day``).
    dated = when.astimezone(datetime.UTC).replace(tzinfo=None) if when else start_of_today()
    word_design.properties(
        document,
        title=_text(tree.findtext(".//title")),
        author=_text(author.get("content")) if author is not None else "",
        when=dated,
    )
    word_design.furniture(document.sections[0], _text(tree.body.get("data-marking", "")), cover=cover)
    writer = _Writer(document, contents=_contents_entries(tree))
    for element in tree.body:
        writer.block(element)
    writer.finish()
    buffer = io.BytesIO()
    document.save(buffer)
    return zip_dated(buffer.getvalue(), dated)


def _contents_entries(tree: Any) -> list[tuple[int, str]]:
    """The headings the contents lists, in order: each chapter's (level 1) and the headings
    within it (level 2), as Word's ``TOC \\o "1-2"`` would."""
    entries = []
    for chapter in tree.body.iter("section"):
        if CHAPTER in (chapter.get("class") or "").split():
            for heading in chapter.iter("h2", "h3"):
                entries.append((HEADINGS[heading.tag], _text(heading.text_content())))
    return entries


# The classes of the report's HTML (``templates/reports/report.html``) this builder reads: a
# contract, which tests/reports/documents/test_word.py holds the template to.
COVER, CONTENTS, CHAPTER, PREVIEW_BAR = "title-page", "contents", "chapter", "preview-bar"
FOOTNOTE, FOOTNOTE_REF = "footnote", "footnote-ref"
SUBTITLES = frozenset({"title-programme", "title-host", "title-date", "title-draft", "title-marking"})
CLASSES_READ = frozenset({COVER, CONTENTS, CHAPTER, PREVIEW_BAR, FOOTNOTE, FOOTNOTE_REF, *SUBTITLES})


class _Writer:
    """Walks the HTML body, writing each block in order."""

    def __init__(self, document: WordDocument, *, contents: list[tuple[int, str]]) -> None:
        self.document = document
        self.footnotes: list[str] = []
        self.list_started = False
        self.contents = contents
        self.headings_written = 0  # the contents' bookmarks are on the headings, in order

    def block(self, element: Any) -> None:
        tag, classes = element.tag, set((element.get("class") or "").split())
        if not isinstance(tag, str) or PREVIEW_BAR in classes or tag == "aside":
            return
        if tag == "nav" and CONTENTS in classes:
            self._contents(element)
        elif tag in ("section", "div", "nav", "main", "article"):
            self._container(element, classes)
        elif tag == "h1":
            self.document.add_paragraph(_text(element.text_content()), style="Title")
        elif tag in HEADINGS:
            self._heading(element, HEADINGS[tag])
        elif tag == "p":
            self._paragraph(element, classes)
        elif tag in ("ul", "ol"):
            self._list(element, "List Bullet" if tag == "ul" else "List Number")
        elif tag == "table":
            self._table(element)

    def _container(self, element: Any, classes: set[str]) -> None:
        if CHAPTER in classes and self.document.paragraphs:
            self.document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        for child in element:
            self.block(child)
        if COVER in classes:  # the cover is a page of its own
            self.document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    def _heading(self, element: Any, level: int) -> None:
        heading = self.document.add_heading(_text(element.text_content()), level=level)
        if level <= 2 and self.headings_written < len(self.contents):
            self.headings_written += 1
            word_contents.bookmark(heading, self.headings_written)

    def _paragraph(self, element: Any, classes: set[str]) -> None:
        style = "Subtitle" if classes & SUBTITLES else None
        paragraph = self.document.add_paragraph(style=style)
        self._inline(paragraph, element)
        _trim(paragraph)

    def _list(self, element: Any, style: str) -> None:
        for item in element.iterfind("li"):
            paragraph = self.document.add_paragraph(style=style)
            self._inline(paragraph, item)
            _trim(paragraph)

    def _table(self, element: Any) -> None:
        rows = list(element.iter("tr"))
        if not rows:
            return
        width = max(len(row.findall("th") + row.findall("td")) for row in rows)
        table = self.document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for row in rows:
            cells = table.add_row().cells
            for cell, source in zip(cells, [c for c in row if c.tag in ("th", "td")], strict=False):
                cell.text = _text(source.text_content())
                if source.tag == "th":
                    for run in cell.paragraphs[0].runs:
                        run.bold = True

    def _contents(self, element: Any) -> None:
        heading = element.find(".//h2")
        self.document.add_paragraph(
            _text(heading.text_content() if heading is not None else "Contents"), style="TOC Heading"
        )
        word_contents.write(self.document, self.contents)

    def _inline(
        self, paragraph: Paragraph, element: Any, *, bold: bool = False, italic: bool = False
    ) -> None:
        for text, node in _pieces(element):
            if node is None:
                if text:
                    run = paragraph.add_run(text)
                    run.bold, run.italic = bold or None, italic or None
                continue
            tag, classes = node.tag, set((node.get("class") or "").split())
            if tag == "span" and FOOTNOTE in classes:
                self._footnote(paragraph, node)
            elif tag == "sup" and FOOTNOTE_REF in classes:
                continue  # the browser preview's own footnote link
            elif tag == "br":
                paragraph.add_run().add_break()
            else:
                self._inline(
                    paragraph, node, bold=bold or tag in ("strong", "b"), italic=italic or tag in ("em", "i")
                )

    def _footnote(self, paragraph: Paragraph, node: Any) -> None:
        self.footnotes.append(_text(node.text_content()))
        run = paragraph.add_run()
        properties = OxmlElement("w:rPr")
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        properties.append(align)
        run._r.append(properties)
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(len(self.footnotes)))
        run._r.append(reference)

    def finish(self) -> None:
        """Adds the footnotes part, if any footnote was written (python-docx has no API for it)."""
        if not self.footnotes:
            return
        notes = "".join(_footnote_xml(number, text) for number, text in enumerate(self.footnotes, start=1))
        xml = (
            f"<w:footnotes {nsdecls('w')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            "</w:r></w:p></w:footnote>"
            f"{notes}</w:footnotes>"
        )
        part = XmlPart(
            PackURI("/word/footnotes.xml"),
            CONTENT_TYPE.WML_FOOTNOTES,
            parse_xml(xml),
            self.document.part.package,
        )
        self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def _footnote_xml(number: int, text: str) -> str:
    return (
        f'<w:footnote w:id="{number}"><w:p>'
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r>'
        "</w:p></w:footnote>"
    )


def _pieces(element: Any) -> Iterator[tuple[str, Any]]:
    """An element's content in order: ``(text, None)`` for text, ``("", child)`` for a child."""
    if element.text:
        yield NOT_XML.sub("", _spaced(element.text)), None
    for child in element:
        yield "", child
        if child.tail:
            yield NOT_XML.sub("", _spaced(child.tail)), None


def _trim(paragraph: Paragraph) -> None:
    """No space at either end of a paragraph, as a browser shows it."""
    runs = [run for run in paragraph.runs if run.text]
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()


def _spaced(text: str) -> str:
    """White space collapsed as a browser would, keeping a single space at either end."""
    return re.sub(r"\s+", " ", text)
