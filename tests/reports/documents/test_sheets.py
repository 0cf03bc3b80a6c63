"""Every table the service lets people take away is also a spreadsheet: a bold header with a
filter, frozen panes, column widths, dates as dates, and no cell a user wrote ever runs as a
formula. Opened here with openpyxl."""

import datetime
import io

import pytest
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from reports.documents.csv_files import FORMULA_STARTS
from reports.documents.sheets import xlsx_bytes
from tests.reports.conftest import HOSTILE


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_a_sheet_has_a_bold_header_frozen_panes_widths_and_real_dates():
    due = datetime.date(2027, 3, 31)
    sheet = _sheet(
        xlsx_bytes(header=["action", "due"], rows=[["A long description of an action", due]], title="Plan")
    )
    assert sheet.title == "Plan"
    assert [cell.value for cell in sheet[1]] == ["action", "due"]
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B2"
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width
    assert sheet["B2"].is_date
    assert sheet["B2"].value.date() == due


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_looks_like_a_formula_is_stored_as_quoted_text(text):
    cell = _sheet(xlsx_bytes(header=["h"], rows=[[text]], title="t"))["A2"]
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix


def _xlsx_url_names() -> set[str]:
    return {name for name in get_resolver().reverse_dict if isinstance(name, str) and name.endswith("_xlsx")}


def test_every_spreadsheet_the_service_serves_keeps_formulas_as_text(cast, hostile, login):
    served = {
        "action_plan_xlsx": reverse("action_plan_xlsx", args=[hostile.reference]),
        "overview_xlsx": reverse("overview_xlsx"),
        "timetable_xlsx": reverse("timetable_xlsx", args=[hostile.reference]),
    }
    assert set(served) == _xlsx_url_names(), "a spreadsheet download this test does not cover"
    for name, url in served.items():
        response = login(cast.review_manager).get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"].endswith("spreadsheetml.sheet"), name
        cells = [cell for row in _sheet(response.content).iter_rows() for cell in row]
        assert len(cells) > 3, name
        risky = [
            cell for cell in cells if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
        ]
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in risky), name
    plan = _sheet(login(cast.spoc).get(served["action_plan_xlsx"]).content)
    assert {HOSTILE[0], HOSTILE[1], HOSTILE[2]} <= {cell.value for row in plan.iter_rows() for cell in row}
    assert plan["F2"].is_date  # the due date


def test_the_timetable_spreadsheet_lists_each_interview_with_its_day_and_times(cast, hostile, login):
    sheet = _sheet(login(cast.spoc).get(reverse("timetable_xlsx", args=[hostile.reference])).content)
    assert [cell.value for cell in sheet[1]] == [
        "date",
        "starts",
        "ends",
        "location",
        "interviewees",
        "interviewers",
        "aspects",
    ]
    assert sheet["A2"].value.date() == datetime.date(2025, 3, 31)
    assert sheet["B2"].value == datetime.time(10, 0)
    assert sheet["D2"].value == HOSTILE[3]
