"""A Word document's contents, filled in: an entry for each chapter and each heading within it
(Word's levels 1-2), each a link to a bookmark on its heading with a page-reference field, the
whole inside a ``TOC`` field so that Word can bring the page numbers up to date. Unlike an empty
``TOC`` field, it reads as contents before anyone updates it."""

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from reports.documents.word_design import field, field_char, field_code

INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'


def bookmark_name(number: int) -> str:
    return f"_Toc{number:04d}"


def bookmark(paragraph: Paragraph, number: int) -> None:
    """Marks ``paragraph`` (a heading) as the ``number``th entry's target."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), bookmark_name(number))
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(0 if paragraph._p.pPr is None else 1, start)
    paragraph._p.append(end)


def _style(document: WordDocument, level: int) -> str:
    """Word's built-in "toc N" style, made if the template lacks it: indented by level, with a
    dotted leader to the page number at the right margin."""
    name = f"TOC {level}"
    if name not in [style.name for style in document.styles]:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.left_indent = Mm(6 * (level - 1))
        style.paragraph_format.space_after = Mm(1.5)
        style.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return name


def _link(paragraph: Paragraph, number: int, text: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark_name(number))
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    words = OxmlElement("w:t")
    words.set(qn("xml:space"), "preserve")
    words.text = text
    run.append(words)
    link.append(run)
    paragraph._p.append(link)


def write(document: WordDocument, entries: list[tuple[int, str]]) -> None:
    """The contents: ``entries`` as ``(level, text)``, numbered in the order their headings'
    bookmarks are (``bookmark``)."""
    if not entries:
        return
    paragraphs = [document.add_paragraph(style=_style(document, level)) for level, _ in entries]
    field_char(paragraphs[0], "begin")
    field_code(paragraphs[0], INSTRUCTION)
    field_char(paragraphs[0], "separate")
    for number, (paragraph, (_level, text)) in enumerate(zip(paragraphs, entries, strict=True), start=1):
        _link(paragraph, number, text)
        paragraph.add_run("\t")
        field(paragraph, f"PAGEREF {bookmark_name(number)} \\h", "")
    field_char(paragraphs[-1], "end")
