"""Stage 4's presentation of key findings as slides the team presents from (PowerPoint), built
from the same data as the handout and the report: the key findings, then each delivery area's
good practice and areas for development as the team has drafted them, then the next steps.

Every slide has a title in its title placeholder (what a screen reader announces and PowerPoint's
outline shows) and the review's protective marking at its top and bottom; a finding too long for
a slide is shortened there and given in full in the speaker notes. Made from the same content on
the same day, the file is the same bytes (``same_day``), so a repeat download can be a 304.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass

from pptx import Presentation as new_deck
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as Deck
from pptx.shapes.base import BaseShape
from pptx.slide import Slide
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Inches, Length, Pt

from assessments.models import DeliveryArea, Finding, FindingKind, Presentation, Report, Review
from reports.documents.same_day import start_of_today, zip_dated

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.6)
LINE_WIDTH = Emu(WIDTH - 2 * MARGIN)
ITEMS_PER_SLIDE = 4  # findings on one slide; more continue on the next
SHORTEST_CUT = 120  # a shortened finding keeps at least this many characters
LONGEST_ON_A_SLIDE = 220  # characters of a finding shown on its slide; the notes hold it all
TITLE_LAYOUT, CONTENT_LAYOUT = 0, 1  # the default template's "Title Slide" and "Title and Content"
BLACK = RGBColor(0x0B, 0x0C, 0x0C)  # type: ignore[no-untyped-call]  # GOV.UK text colour
NEXT_STEPS = [
    "The team writes the review report: good practice and suggested areas of improvement "
    "under each delivery area.",
    "The council checks the draft report for factual accuracy before it is published.",
    "Follow-up support: the SPOC network, peer-to-peer mentoring, the SPOC knowledge hub and, "
    "if wanted, a further peer review.",
]


@dataclass
class Item:
    """One point on a slide: shown (shortened where long), and in full in the speaker notes."""

    text: str
    heading: str = ""  # the group the point starts, such as "Good practice"

    @property
    def shown(self) -> str:
        return shortened(self.text)


def shortened(text: str) -> str:
    """``text`` as it fits a slide: whole when short, else cut at its first sentence's end or a
    word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= LONGEST_ON_A_SLIDE:
        return text
    sentence_end = text.find(". ", SHORTEST_CUT, LONGEST_ON_A_SLIDE)
    if sentence_end != -1:
        return text[: sentence_end + 1] + " …"
    return text[:LONGEST_ON_A_SLIDE].rsplit(" ", 1)[0] + " …"


def key_findings_pptx(review: Review) -> bytes:
    """The key findings presentation of ``review``, as the bytes of a .pptx file."""
    deck = new_deck()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    marking = review.protective_marking
    _title_slide(deck, review, marking)
    report = Report.objects.filter(review=review).first()
    findings = [Item(text) for text in (report.key_findings if report else [])]
    _content_slides(
        deck, "Key findings", findings or [Item("The team has not yet drafted its key findings.")], marking
    )
    for area, items in _areas(review):
        _content_slides(deck, area.title, items, marking)
    _content_slides(deck, "Next steps", [Item(text) for text in NEXT_STEPS], marking)
    return _saved(deck, review)


def _areas(review: Review) -> Iterator[tuple[DeliveryArea, list[Item]]]:
    """Each delivery area of the review's framework, in order, with its drafted findings: good
    practice first, then areas for development (two queries)."""
    findings = list(Finding.objects.filter(review=review).order_by("position", "pk"))
    for area in DeliveryArea.objects.filter(framework_id=review.framework_id).order_by("position"):
        items = []
        for kind, heading in (
            (FindingKind.GOOD_PRACTICE, "Good practice"),
            (FindingKind.IMPROVEMENT, "Areas for development"),
        ):
            texts = [
                finding.text for finding in findings if finding.area_id == area.pk and finding.kind == kind
            ]
            items += [Item(text, heading if index == 0 else "") for index, text in enumerate(texts)]
        yield area, items or [Item("The team recorded no findings in this area.")]


def _title_slide(deck: Deck, review: Review, marking: str) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    _place(title, top=Inches(2.0), height=Inches(1.8))
    _place(subtitle, top=Inches(4.0), height=Inches(1.6))
    title.text_frame.text = f"Prevent peer review of {review.host.name}: key findings"
    presentation = Presentation.objects.filter(review=review).first()
    when = f"{presentation.date:%-d %B %Y}" if presentation else "at the end of the on-site review"
    subtitle.text_frame.text = f"Presented {'on ' if presentation else ''}{when} by the peer review team"
    subtitle.text_frame.add_paragraph().text = "Scottish Government Prevent peer review programme"
    _marked(slide, marking)
    slide.notes_slide.notes_text_frame.text = (
        f"Key findings of the peer review team for {review.host.name}, presented to senior staff. "
        "A full report with good practice and suggested areas of improvement follows."
    )


def _content_slides(deck: Deck, title: str, items: list[Item], marking: str) -> None:
    """As many slides titled ``title`` as ``items`` need, ITEMS_PER_SLIDE to a slide."""
    pages = [items[start : start + ITEMS_PER_SLIDE] for start in range(0, len(items), ITEMS_PER_SLIDE)]
    for number, page in enumerate(pages, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[CONTENT_LAYOUT])
        heading, body = slide.placeholders[0], slide.placeholders[1]
        _place(heading, top=Inches(0.6), height=Inches(1.1))
        _place(body, top=Inches(1.8), height=Emu(HEIGHT - Inches(2.6)))
        heading.text_frame.text = title if len(pages) == 1 else f"{title} ({number} of {len(pages)})"
        _bullets(body.text_frame, page)
        _marked(slide, marking)
        slide.notes_slide.notes_text_frame.text = "\n\n".join(_notes(page))


def _bullets(frame: TextFrame, items: list[Item]) -> None:
    """The points in ``frame``, each under its group's heading where the items have groups."""
    lines: list[tuple[str, int, bool]] = []
    grouped = any(item.heading for item in items)
    for item in items:
        if item.heading:
            lines.append((item.heading, 0, True))
        lines.append((item.shown, 1 if grouped else 0, False))
    for index, (text, level, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()  # type: ignore[no-untyped-call]
        _paragraph(paragraph, text, level=level, bold=bold)


def _paragraph(paragraph: _Paragraph, text: str, *, level: int, bold: bool) -> None:
    paragraph.level = level
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(22 if bold else 20)
    run.font.bold = bold
    run.font.color.rgb = BLACK


def _notes(items: list[Item]) -> Iterator[str]:
    heading = ""
    for item in items:
        heading = item.heading or heading
        yield f"{heading}: {item.text}" if heading else item.text


def _place(shape: BaseShape, *, top: Length, height: Length) -> None:
    """Lays a placeholder across the 16:9 slide (the default template's layouts are 4:3)."""
    shape.left, shape.top, shape.width, shape.height = MARGIN, top, LINE_WIDTH, height


def _marked(slide: Slide, marking: str) -> None:
    """The protective marking, centred at the top and bottom of ``slide``."""
    for top in (Inches(0.1), Emu(HEIGHT - Inches(0.55))):
        box = slide.shapes.add_textbox(MARGIN, top, LINE_WIDTH, Inches(0.45))
        box.name = "Protective marking"
        paragraph = box.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.CENTER
        run = paragraph.add_run()
        run.text = marking
        run.font.size, run.font.bold, run.font.color.rgb = Pt(14), True, BLACK


def _saved(deck: Deck, review: Review) -> bytes:
    today = start_of_today()
    properties = deck.core_properties
    properties.title = f"Prevent peer review of {review.host.name}: key findings"
    properties.author = properties.last_modified_by = "Prevent peer review service"
    properties.keywords = review.protective_marking
    properties.created = properties.modified = today
    properties.revision = 1
    buffer = io.BytesIO()
    deck.save(buffer)
    return zip_dated(buffer.getvalue(), today)
