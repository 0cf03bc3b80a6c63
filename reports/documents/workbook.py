"""The self-assessment as a workbook (XLSX, openpyxl) a council fills in offline, and reading one
back.

"Aspects" has a row per aspect: its number, area and text (locked), the rating (a drop-down of the
rating scale), the answer, and the evidence by its keys. "How to fill it in" explains, and lists
the documents. "About", hidden, says which review the workbook is for and what each aspect said
when the workbook was made, so that an upload changes only what the council changed.

Reading checks everything before anything is used and names each fault by its cell
(``Aspects!D7: choose a rating from the list``). A file that is not a workbook, too big, holds
formulas, or was made for another review is refused with a clear message.
"""

import io
from typing import Any

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assessments.models import AspectResponse, Evidence, EvidenceAspect, RatingLevel, Review
from assessments.reads.answers import answers_by_area
from assessments.services.workbook import WorkbookAnswer
from peerreview.archives import ArchiveRefused, measure
from reports.documents.same_day import xlsx_of
from reports.documents.sheets import set_value

ASPECTS, GUIDE, ABOUT, LISTS = "Aspects", "How to fill it in", "About", "Ratings"
HEADER = [
    "Aspect",
    "Delivery area",
    "What the aspect asks",
    "Rating",
    "Your answer",
    "Evidence (document keys)",
]
RATING, ANSWER, EVIDENCE = "D", "E", "F"
FORMAT = "prevent-peer-review-self-assessment-workbook/1"
MAX_BYTES = 2 * 1024 * 1024  # a filled-in workbook is tens of kilobytes
# A filled-in workbook unpacks to well under a megabyte (14 answers of at most 20,000 characters);
# anything past this is refused, counted by unpacking (peerreview.archives), before openpyxl reads it.
MAX_UNPACKED = 4 * 1024 * 1024
MAX_PARTS = 200
MAX_ROWS, MAX_COLUMNS = 200, 26
MAX_ANSWER = 20_000
TOO_BIG = f"The {ASPECTS} sheet is far bigger than the one downloaded. Download a new workbook"
NOT_A_WORKBOOK = "The file is not an Excel workbook (.xlsx). Upload the workbook you downloaded"
NOT_OURS = "This is not a workbook downloaded from this service. Download one from the self-assessment page"


class WorkbookRefused(Exception):
    """The workbook cannot be used; ``faults`` says why, each naming its cell where it has one."""

    def __init__(self, faults: list[str]) -> None:
        super().__init__("; ".join(faults))
        self.faults = faults


def _clean(text: str) -> str:
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def workbook_bytes(review: Review) -> bytes:
    """The workbook of ``review``'s self-assessment as it stands."""
    responses = AspectResponse.objects.by_aspect(review)
    evidence = EvidenceAspect.objects.by_aspect(review)
    levels = list(RatingLevel.objects.filter(framework=review.framework).order_by("position"))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = ASPECTS
    _guide(workbook.create_sheet(GUIDE), review, levels)
    lists = workbook.create_sheet(LISTS)
    for row, level in enumerate(levels, start=1):
        lists.cell(row=row, column=1, value=level.label)
    lists.sheet_state = "hidden"
    about = workbook.create_sheet(ABOUT)
    about.sheet_state = "hidden"
    about.append(["format", FORMAT])
    about.append(["review", review.reference])
    # The day, not the second: the same answers downloaded twice in a day are the same file.
    about.append(["made", timezone.localdate().isoformat()])
    about.append(["aspect", "version", "evidence"])
    _aspects(sheet, review, responses, evidence, levels, about)
    return xlsx_of(workbook)


def _guide(sheet: Worksheet, review: Review, levels: list[RatingLevel]) -> None:
    lines = [
        f"Prevent peer review self-assessment: {review.host.name}",
        f"Protective marking: {review.protective_marking}",
        "",
        f"Fill in the {ASPECTS} sheet, one row for each aspect, then upload the workbook on the "
        "self-assessment page. You will see what will change before anything is saved.",
        "Rating: choose from the list. The ratings, lowest first: "
        + "; ".join(level.label for level in levels)
        + ".",
        "Your answer: describe how the council meets the aspect, in plain text (no formulas).",
        "Evidence: the keys of the documents that support the aspect, separated by commas, e.g. E1, E3.",
        "Only the rating, answer and evidence columns can be changed. Do not add, remove or reorder rows.",
        "If someone changes an aspect in the service after you downloaded this workbook, that aspect "
        "is not overwritten: you are shown both versions to choose from.",
        "",
        "The documents you can name as evidence:",
    ]
    documents = Evidence.objects.current().filter(review=review).order_by("position", "pk")
    lines += [f"{document.key}: {_clean(document.title)}" for document in documents] or [
        "(none uploaded yet)"
    ]
    for row, line in enumerate(lines, start=1):
        set_value(sheet.cell(row=row, column=1), line)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120


def _aspects(
    sheet: Worksheet,
    review: Review,
    responses: dict[int, AspectResponse],
    evidence: dict[int, list[Evidence]],
    levels: list[RatingLevel],
    about: Worksheet,
) -> None:
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    ratings = _rating_list(sheet, levels)
    for group in answers_by_area(review, responses, evidence):
        for item in group["aspects"]:
            aspect, response = item["aspect"], item["response"]
            keys = ", ".join(document.key for document in item["evidence"])
            row = sheet.max_row + 1
            values = [
                aspect.number,
                group["area"].title,
                _clean(aspect.text),
                response.rating.label if response is not None and response.rating else None,
                _clean(response.narrative) if response is not None else None,
                keys or None,
            ]
            _fill_row(sheet, row, values)
            ratings.add(f"{RATING}{row}")
            about.append([aspect.number, response.version if response is not None else 0, keys])
    _lock(sheet)


def _rating_list(sheet: Worksheet, levels: list[RatingLevel]) -> DataValidation:
    """The rating column's drop-down: the scale, from the hidden Ratings sheet."""
    ratings = DataValidation(
        type="list",
        formula1=f"={LISTS}!$A$1:$A${max(len(levels), 1)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Choose a rating",
        error="Choose a rating from the list",
    )
    sheet.add_data_validation(ratings)
    return ratings


def _fill_row(sheet: Worksheet, row: int, values: list[object]) -> None:
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=number)
        set_value(cell, value)  # an answer that starts "=" stays text
        cell.alignment = wrap
    for letter in (RATING, ANSWER, EVIDENCE):
        sheet[f"{letter}{row}"].protection = Protection(locked=False)


def _lock(sheet: Worksheet) -> None:
    """Widths, a frozen header, and the sheet protected: the locked columns cannot be typed over
    (no password: a guard, not a lock)."""
    for letter, width in zip("ABCDEF", (8, 22, 60, 22, 80, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def read_workbook(review: Review, data: bytes) -> list[WorkbookAnswer]:
    """The answers in an uploaded workbook for ``review``. Raises ``WorkbookRefused`` with every
    fault found, and nothing is used unless there is none."""
    workbook = _open(data)
    try:  # a workbook read in streaming mode holds its archive open until closed
        return _answers_of(workbook, review)
    finally:
        workbook.close()


def _answers_of(workbook: Any, review: Review) -> list[WorkbookAnswer]:
    about = _about(workbook, review)
    if ASPECTS not in workbook.sheetnames:
        raise WorkbookRefused(
            [f"The workbook has no {ASPECTS} sheet. Download a new workbook and fill that in"]
        )
    sheet = workbook[ASPECTS]
    if (sheet.max_row or 0) > MAX_ROWS or (sheet.max_column or 0) > MAX_COLUMNS:
        raise WorkbookRefused([TOO_BIG])  # as the sheet declares itself; the rows are counted too
    levels = set(RatingLevel.objects.filter(framework=review.framework).values_list("label", flat=True))
    keys = set(Evidence.objects.current().filter(review=review).values_list("key", flat=True))
    faults: list[str] = []
    answers = _answer_rows(sheet, about, levels, keys, faults)
    missing = sorted(set(about) - {answer.number for answer in answers})
    if missing:
        numbers = ", ".join(map(str, missing))
        faults.append(f"{ASPECTS}: the rows of aspect{'s' if len(missing) > 1 else ''} {numbers} are missing")
    if faults:
        raise WorkbookRefused(faults)
    return answers


def _answer_rows(
    sheet: Any,
    about: dict[int, tuple[int, tuple[str, ...]]],
    levels: set[str],
    keys: set[str],
    faults: list[str],
) -> list[WorkbookAnswer]:
    """The sheet's answers, read row by row as openpyxl streams them: a row or column past the
    downloaded sheet's size refuses the whole workbook at once, however much follows it."""
    answers: list[WorkbookAnswer] = []
    seen: set[int] = set()
    rows = sheet.iter_rows(min_row=2, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1)
    for where, row in enumerate(rows, start=2):
        if (where > MAX_ROWS and _filled(row)) or _filled(row[MAX_COLUMNS:]):
            raise WorkbookRefused([TOO_BIG])
        answer = _row(row[:MAX_COLUMNS], where, about, levels, keys, faults)
        if answer is not None:
            if answer.number in seen:
                faults.append(f"{ASPECTS}!A{answer.row}: aspect {answer.number} is on more than one row")
            seen.add(answer.number)
            answers.append(answer)
    return answers


def _open(data: bytes) -> Any:
    if len(data) > MAX_BYTES:
        raise WorkbookRefused(
            [f"The file is bigger than {MAX_BYTES // (1024 * 1024)} MB, far bigger than a filled-in workbook"]
        )
    try:
        measure(io.BytesIO(data), limit=MAX_UNPACKED, max_parts=MAX_PARTS)
    except ArchiveRefused as refused:
        if not refused.damaged:
            raise WorkbookRefused(["The file unpacks to far more than a filled-in workbook"]) from None
        raise WorkbookRefused([NOT_A_WORKBOOK]) from None
    try:
        # Read-only mode streams each sheet as it is read, so a sheet far bigger than the one
        # downloaded is refused from its first rows past the limit, not after loading it all.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise WorkbookRefused([NOT_A_WORKBOOK]) from error


def _about(workbook: Any, review: Review) -> dict[int, tuple[int, tuple[str, ...]]]:
    """Aspect number to (version, evidence keys) when the workbook was made; checks it is this
    review's workbook."""
    if ABOUT not in workbook.sheetnames:
        raise WorkbookRefused([NOT_OURS])
    rows = list(workbook[ABOUT].iter_rows(values_only=True, max_col=3, max_row=MAX_ROWS))
    fields = {row[0]: row[1] for row in rows[:3] if row}
    if fields.get("format") != FORMAT:
        raise WorkbookRefused([NOT_OURS])
    if fields.get("review") != review.reference:
        other = fields.get("review")
        raise WorkbookRefused(
            [f"This workbook is for the review “{other}”, not this one. Download this review's own workbook"]
        )
    then: dict[int, tuple[int, tuple[str, ...]]] = {}
    for number, version, keys in rows[4:]:
        if isinstance(number, int) and isinstance(version, int):
            then[number] = (version, _keys(keys))
    return then


def _keys(value: object) -> tuple[str, ...]:
    text = value if isinstance(value, str) else ""
    return tuple(key.strip().upper() for key in text.replace(";", ",").split(",") if key.strip())


def _filled(cells: tuple[Any, ...]) -> bool:
    return any(cell.value not in (None, "") for cell in cells)


def _row(
    row: tuple[Any, ...],
    where: int,
    about: dict[int, tuple[int, tuple[str, ...]]],
    levels: set[str],
    keys: set[str],
    faults: list[str],
) -> WorkbookAnswer | None:
    # By position: a streamed row's empty cells carry no coordinates of their own.
    cells = {get_column_letter(column): cell for column, cell in enumerate(row, start=1)}
    number_cell = cells.get("A")
    if number_cell is None or not _filled(row):
        return None
    formulas = [f"{letter}{where}" for letter, cell in cells.items() if cell.data_type == "f"]
    if formulas:
        faults += [
            f"{ASPECTS}!{coordinate}: formulas are not accepted; type the text itself"
            for coordinate in formulas
        ]
        return None
    if not isinstance(number_cell.value, int) or number_cell.value not in about:
        faults.append(
            f"{ASPECTS}!A{where}: this is not an aspect of this workbook. Do not add or change rows"
        )
        return None
    rating, narrative, named = _answers(cells, where, levels, keys, faults)
    version, evidence_then = about[number_cell.value]
    return WorkbookAnswer(
        number=number_cell.value,
        row=where,
        rating=rating or "",
        narrative=(narrative or "").strip(),
        evidence=tuple(dict.fromkeys(named)),
        version=version,
        evidence_then=evidence_then,
    )


def _answers(
    cells: dict[str, Any], where: int, levels: set[str], keys: set[str], faults: list[str]
) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The row's rating, answer and documents named, each checked (faults named by their cell)."""
    rating = _text(cells.get(RATING))
    if rating is None or (rating and rating not in levels):
        faults.append(f"{ASPECTS}!{RATING}{where}: choose a rating from the list")
    narrative = _text(cells.get(ANSWER))
    if narrative is None:
        faults.append(f"{ASPECTS}!{ANSWER}{where}: type the answer as text")
    elif len(narrative) > MAX_ANSWER:
        faults.append(f"{ASPECTS}!{ANSWER}{where}: the answer is longer than {MAX_ANSWER:,} characters")
    evidence_text = _text(cells.get(EVIDENCE))
    if evidence_text is None:
        faults.append(f"{ASPECTS}!{EVIDENCE}{where}: name the documents by their keys, e.g. E1, E3")
    named = _keys(evidence_text) if evidence_text is not None else ()
    unknown = [key for key in named if key not in keys]
    if unknown:
        faults.append(
            f"{ASPECTS}!{EVIDENCE}{where}: there is no document {', '.join(unknown)} on this review"
        )
    return rating, narrative, named


def _text(cell: Any) -> str | None:
    """A cell's text: "" when empty, None when it holds something other than text."""
    if cell is None or cell.value is None:
        return ""
    return cell.value if isinstance(cell.value, str) else None
