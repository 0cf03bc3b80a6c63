"""The self-assessment as a workbook: what it holds (locked cells, the rating drop-down, the hidden
versions), that download then upload changes nothing and an edit changes exactly what was edited,
that every fault is named by its cell, and that hostile workbooks are refused."""

import io
import re
import zipfile

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from assessments.models import AspectResponse, RatingLevel
from assessments.services.evidence import evidence_upload
from assessments.services.self_assessment import response_save
from assessments.services.workbook import workbook_apply, workbook_changes
from peerreview.audit.models import AuditEvent
from reports.documents.workbook import WorkbookRefused, read_workbook, workbook_bytes
from tests.files import lying_bomb, swollen, upload
from tests.lifecycle import answer_every_aspect

PER_EXAMPLE = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def answered(cast, private_storage):
    answer_every_aspect(cast.review, by=cast.spoc)
    evidence_upload(review=cast.review, files=[upload("plan.pdf")], aspects=[2], by=cast.spoc)
    evidence_upload(review=cast.review, files=[upload("minutes.pdf")], aspects=[], by=cast.spoc)
    return cast.review


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refused(review, data: bytes) -> list[str]:
    with pytest.raises(WorkbookRefused) as caught:
        read_workbook(review, data)
    return caught.value.faults


def test_the_workbook_locks_the_aspects_and_offers_the_ratings_as_a_list(answered):
    book = _book(workbook_bytes(answered))
    sheet = book["Aspects"]
    assert [cell.value for cell in sheet[1]][:4] == [
        "Aspect",
        "Delivery area",
        "What the aspect asks",
        "Rating",
    ]
    assert sorted(sheet[f"A{row}"].value for row in range(2, 16)) == list(range(1, 15))  # grouped by area
    assert sheet.max_row == 15
    assert sheet.protection.sheet
    assert sheet["C2"].protection.locked
    assert not sheet["D2"].protection.locked
    assert not sheet["E2"].protection.locked
    assert not sheet["F2"].protection.locked
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == "=Ratings!$A$1:$A$4"
    assert "D2" in validation.sqref
    assert "D15" in validation.sqref
    labels = list(RatingLevel.objects.filter(framework=answered.framework).values_list("label", flat=True))
    assert [row[0].value for row in book["Ratings"].iter_rows()] == labels
    assert book["Ratings"].sheet_state == "hidden"
    assert book["About"].sheet_state == "hidden"
    assert book["About"]["B2"].value == answered.reference
    guide = "\n".join(str(row[0].value or "") for row in book["How to fill it in"].iter_rows())
    assert "E1: plan" in guide.replace(".pdf", "")
    aspect_two = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == 2)
    assert aspect_two[5].value == "E1"


def test_download_then_upload_changes_nothing(answered):
    assert workbook_changes(answered, read_workbook(answered, workbook_bytes(answered))) == []


narratives = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\x00"),
    min_size=1,
    max_size=200,
).filter(lambda text: text.strip() and not text.strip().startswith("="))


@PER_EXAMPLE
@given(edits=st.dictionaries(st.integers(min_value=1, max_value=14), narratives, max_size=5))
def test_an_edit_changes_exactly_the_edited_answers(answered, edits):
    book = _book(workbook_bytes(answered))
    sheet = book["Aspects"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for number, text in edits.items():
        rows[number][4].value = text
    changes = workbook_changes(answered, read_workbook(answered, _saved(book)))
    assert {change.number for change in changes} == {
        number for number, text in edits.items() if text.strip() != f"How the council meets aspect {number}."
    }
    assert not any(change.conflict or change.rating_changed for change in changes)


def test_saving_applies_the_changes_and_is_audited(answered, cast):
    book = _book(workbook_bytes(answered))
    rows = {row[0].value: row for row in book["Aspects"].iter_rows(min_row=2)}
    lowest = RatingLevel.objects.filter(framework=answered.framework).order_by("position").first()
    rows[4][3].value = lowest.label
    rows[5][4].value = "Rewritten offline."
    rows[6][5].value = "e2, E1"
    applied = workbook_apply(review=answered, answers=read_workbook(answered, _saved(book)), by=cast.spoc)
    assert [change.number for change in applied] == [4, 5, 6]
    answers = AspectResponse.objects.by_aspect(answered)
    assert answers[4].rating == lowest
    assert answers[5].narrative == "Rewritten offline."
    assert sorted(
        e.key for e in answers[6].self_assessment.review.evidence.filter(aspect_links__aspect__number=6)
    ) == [
        "E1",
        "E2",
    ]
    assert AuditEvent.objects.filter(kind="upload", review_id=answered.pk).count() == 1


def test_an_aspect_changed_in_the_service_meanwhile_is_shown_not_overwritten(answered, cast):
    data = workbook_bytes(answered)
    response = AspectResponse.objects.by_aspect(answered)[7]
    response_save(
        review=answered,
        aspect=response.aspect,
        rating=response.rating,
        narrative="Changed in the service.",
        evidence=[],
        evidence_shown=[],
        expected_version=response.version,
        by=cast.deputy,
    )
    book = _book(data)
    rows = {row[0].value: row for row in book["Aspects"].iter_rows(min_row=2)}
    rows[7][4].value = "Changed in the workbook."
    rows[8][4].value = "Also changed in the workbook."
    answers = read_workbook(answered, _saved(book))
    conflicts = [change for change in workbook_changes(answered, answers) if change.conflict]
    assert [(c.number, c.narrative_before, c.narrative_after) for c in conflicts] == [
        (7, "Changed in the service.", "Changed in the workbook.")
    ]
    assert [c.number for c in workbook_apply(review=answered, answers=answers, by=cast.spoc)] == [8]
    assert AspectResponse.objects.by_aspect(answered)[7].narrative == "Changed in the service."


def test_every_fault_is_named_by_its_cell_and_nothing_is_used(answered):
    book = _book(workbook_bytes(answered))
    rows = {row[0].value: row for row in book["Aspects"].iter_rows(min_row=2)}
    rows[1][3].value = "Brilliant"
    rows[2][4].value = 42
    rows[3][5].value = "E9"
    rows[4][4].value = '=HYPERLINK("http://evil.example")'
    row_of = {number: row[0].row for number, row in rows.items()}
    faults = _refused(answered, _saved(book))
    assert f"Aspects!D{row_of[1]}: choose a rating from the list" in faults
    assert f"Aspects!E{row_of[2]}: type the answer as text" in faults
    assert f"Aspects!F{row_of[3]}: there is no document E9 on this review" in faults
    assert f"Aspects!E{row_of[4]}: formulas are not accepted; type the text itself" in faults


def test_missing_and_repeated_rows_are_named(answered):
    book = _book(workbook_bytes(answered))
    sheet = book["Aspects"]
    sheet["A3"].value = sheet["A2"].value
    faults = _refused(answered, _saved(book))
    assert any("is on more than one row" in fault for fault in faults)
    assert any(
        "are missing" in fault or "is missing" in fault or "rows of aspect" in fault for fault in faults
    )


def test_a_workbook_of_another_review_is_refused(answered, cast):
    answer_every_aspect(cast.other_review, by=cast.other_spoc)
    faults = _refused(answered, workbook_bytes(cast.other_review))
    other = cast.other_review.reference
    assert faults == [
        f"This workbook is for the review “{other}”, not this one. Download this review's own workbook"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a workbook at all", "The file is not an Excel workbook (.xlsx)"),
        (b"PK\x03\x04 broken zip", "The file is not an Excel workbook (.xlsx)"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(answered, data, message):
    assert message in _refused(answered, data)[0]


def test_a_workbook_not_from_the_service_is_refused(answered):
    book = Workbook()
    book.active.title = "Aspects"
    assert "not a workbook downloaded from this service" in _refused(answered, _saved(book))[0]


def test_a_huge_sheet_is_refused(answered):
    book = _book(workbook_bytes(answered))
    book["Aspects"]["A5000"].value = "x"
    assert "far bigger than the one downloaded" in _refused(answered, _saved(book))[0]


@pytest.mark.parametrize("cell", ["B201", "AA3"])
def test_a_sheet_that_hides_its_size_is_refused_from_the_rows_read(answered, cell):
    """Rows are read only up to one past the downloaded sheet's size, and that one refuses it."""
    book = _book(workbook_bytes(answered))
    book["Aspects"][cell].value = "x"
    data = _without_dimensions(_saved(book))
    assert "far bigger than the one downloaded" in _refused(answered, data)[0]


def _without_dimensions(data: bytes) -> bytes:
    """The workbook with every sheet's declared size taken out, as a hand-made file may have."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in source.infolist():
            body = source.read(part)
            if part.filename.startswith("xl/worksheets/"):
                body = re.sub(rb"<dimension [^>]*/>", b"", body)
            archive.writestr(part, body)
    return target.getvalue()


def test_a_workbook_that_unpacks_far_larger_is_refused_before_it_is_read(answered):
    """As the probe found: 1.4 MB that unpacks to 19 MB; and a part that lies about its size."""
    data = swollen(workbook_bytes(answered))
    assert 1 * 1024 * 1024 < len(data) < 2 * 1024 * 1024
    assert "unpacks to far more than a filled-in workbook" in _refused(answered, data)[0]
    assert "unpacks to far more" in _refused(answered, lying_bomb("xlsx", unpacked_mb=50))[0]


def test_the_upload_journey_checks_then_saves(answered, cast, login, check_access):
    upload_url = reverse("workbook_upload", args=[answered.reference])
    check_url = reverse("workbook_check", args=[answered.reference])
    check_access(upload_url, outsider=cast.other_spoc, forbidden=cast.lead_peer, allowed=cast.deputy)
    book = _book(workbook_bytes(answered))
    rows = {row[0].value: row for row in book["Aspects"].iter_rows(min_row=2)}
    rows[9][4].value = "Written by three officers offline."
    client = login(cast.spoc)
    file = io.BytesIO(_saved(book))
    file.name = "filled.xlsx"
    response = client.post(upload_url, {"workbook": file})
    assert response.status_code == 302
    assert response["Location"] == check_url
    preview = client.get(check_url).text
    assert "Written by three officers offline." in preview
    assert "Save 1 change" in preview
    assert AspectResponse.objects.by_aspect(answered)[9].narrative != "Written by three officers offline."
    saved = client.post(check_url, follow=True)
    assert "1 aspect saved from the workbook." in saved.text
    assert AspectResponse.objects.by_aspect(answered)[9].narrative == "Written by three officers offline."


def test_a_refused_upload_shows_each_fault_in_the_error_summary(answered, cast, login):
    book = _book(workbook_bytes(answered))
    book["Aspects"]["D2"].value = "Brilliant"
    file = io.BytesIO(_saved(book))
    file.name = "filled.xlsx"
    page = (
        login(cast.spoc).post(reverse("workbook_upload", args=[answered.reference]), {"workbook": file}).text
    )
    assert "govuk-error-summary" in page
    assert "Aspects!D2: choose a rating from the list" in page
    other = io.BytesIO(b"x")
    other.name = "notes.txt"
    page = (
        login(cast.spoc).post(reverse("workbook_upload", args=[answered.reference]), {"workbook": other}).text
    )
    assert "The file must be an Excel workbook (.xlsx)" in page


# Any text the service can store: forms refuse NUL (Django's ProhibitNullCharactersValidator) and
# PostgreSQL cannot hold it, so no stored answer has one.
stored_texts = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=300
)


@PER_EXAMPLE
@given(
    texts=st.lists(stored_texts, min_size=14, max_size=14),
    rated=st.lists(st.booleans(), min_size=14, max_size=14),
)
def test_download_then_upload_changes_nothing_whatever_the_answers_hold(answered, texts, rated):
    with transaction.atomic():
        responses = AspectResponse.objects.by_aspect(answered)
        for number, (text, has_rating) in enumerate(zip(texts, rated, strict=True), start=1):
            AspectResponse.objects.filter(pk=responses[number].pk).update(
                narrative=text, rating=responses[number].rating if has_rating else None
            )
        assert workbook_changes(answered, read_workbook(answered, workbook_bytes(answered))) == []
        transaction.set_rollback(True)


def test_an_answer_that_looks_like_a_formula_goes_out_and_comes_back_as_text(answered):
    response = AspectResponse.objects.by_aspect(answered)[1]
    AspectResponse.objects.filter(pk=response.pk).update(narrative="=SUM(A1:A3) is how we count.")
    book = _book(workbook_bytes(answered))
    cell = next(row for row in book["Aspects"].iter_rows(min_row=2) if row[0].value == 1)[4]
    assert (cell.value, cell.data_type) == ("=SUM(A1:A3) is how we count.", "s")
    assert workbook_changes(answered, read_workbook(answered, _saved(book))) == []
