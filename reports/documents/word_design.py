"""The Word documents' design, set by code so that it matches the PDFs: A4 with the PDFs'
margins, their font, sizes and colour (never python-docx's default template, blue Cambria on US
Letter), the cover on a page of its own with no running header, the protective marking at the
top and bottom of every other page with "Page N of M", and properties that say what the
document is (the programme as its author, its date, its language)."""

import datetime
from typing import Any

from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENTATION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

LANGUAGE = "en-GB"
FONT = "Liberation Sans"  # the PDFs' font (documents.css), Arial's metric twin
INK = RGBColor(0x0B, 0x0C, 0x0C)  # the PDFs' text colour
# Style: (size in points, bold) as documents.css and report.css set the PDFs' headings.
SIZES = {
    "Normal": (11, False),
    "Title": (22, True),
    "Subtitle": (16, True),
    "Heading 1": (15, True),
    "Heading 2": (12, True),
    "Heading 3": (11, True),
    "TOC Heading": (15, True),
    "List Bullet": (11, False),
    "List Number": (11, False),
}


def page_setup(section: Section, *, cover: bool) -> None:
    """A4, portrait, the PDFs' margins; a document with a cover gives its first page headers of
    its own."""
    section.orientation = WD_ORIENTATION.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(20)
    section.different_first_page_header_footer = cover


def styles(document: WordDocument) -> None:
    """The PDFs' font, sizes and colour on Word's own styles (so that its navigation pane and
    contents still work), replacing the default template's blue Cambria and the rule under the
    title."""
    for name, (size, bold) in SIZES.items():
        style = document.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), bold
        style.font.italic = False
        style.font.color.rgb = INK
        _east_asian_font(style.element)
        properties = style.element.pPr
        if properties is not None:  # the default Title's bottom border
            for border in properties.findall(qn("w:pBdr")):
                properties.remove(border)


def _east_asian_font(element: Any) -> None:
    """Word reads a theme font unless every script's font is named."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def furniture(section: Section, marking: str, *, cover: bool) -> None:
    """The marking at the top and bottom of every page with "Page N of M" below it; a cover has
    the marking once at its top and once in its own text, and no page number."""
    if cover:
        first = section.first_page_header.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.add_run(marking).bold = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run(marking).bold = True
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(marking).bold = True
    numbers = section.footer.add_paragraph()
    numbers.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    numbers.add_run("Page ")
    field(numbers, "PAGE", "2")
    numbers.add_run(" of ")
    field(numbers, "NUMPAGES", "2")


def field_char(paragraph: Paragraph, kind: str) -> None:
    """A field's ``begin``, ``separate`` or ``end`` mark (a field may span paragraphs)."""
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def field_code(paragraph: Paragraph, instruction: str) -> None:
    """A field's instruction (``PAGE``, ``TOC ...``), between its begin and separate marks."""
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)


def field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (a page number, a page reference) that Word fills in; ``shown`` is what it
    shows until then."""
    field_char(paragraph, "begin")
    field_code(paragraph, instruction)
    field_char(paragraph, "separate")
    paragraph.add_run(shown)
    field_char(paragraph, "end")


def properties(document: WordDocument, *, title: str, author: str, when: datetime.datetime) -> None:
    """What the document says of itself: its title, its author (the programme, for a report; the
    council, for its self-assessment), created and modified ``when`` (naive, in UTC: when it was
    published, or a draft's day), its language, and nothing of the library that wrote it."""
    core = document.core_properties
    core.title = title
    core.author = core.last_modified_by = author
    core.language = LANGUAGE
    core.revision = 1
    core.comments = core.keywords = core.subject = core.category = ""
    core.created = core.modified = when
    _language(document)
    _application(document)


def _language(document: WordDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in run_defaults.findall(qn("w:lang")):
        run_defaults.remove(old)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)
    run_defaults.append(lang)


def _application(document: WordDocument) -> None:
    """The extended properties name this service, not the template's "Microsoft Macintosh Word"."""
    package = document.part.package
    for part in package.parts:
        if str(part.partname) == "/docProps/app.xml":
            xml = part.blob.decode("utf-8")
            start, end = xml.find("<Application>"), xml.find("</Application>")
            if start != -1 and end != -1:
                xml = xml[: start + len("<Application>")] + "Prevent peer reviews" + xml[end:]
                part._blob = xml.encode("utf-8")  # a plain Part: its bytes are what is saved
