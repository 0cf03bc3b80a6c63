"""Every CSV the service serves is safe to open in a spreadsheet: a cell a user wrote never
runs as a formula (OWASP's CSV injection rule; issue 13, defect 9)."""

import csv
import io

import pytest
from django.urls import get_resolver, reverse

from reports.documents.csv_files import FORMULA_STARTS, csv_text, neutralise
from tests.reports.conftest import HOSTILE


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_is_written_as_text(text):
    assert neutralise(text) == f"'{text}"
    rows = list(csv.reader(io.StringIO(csv_text(["h"], [[text]]), newline="")))
    assert rows[1] == [f"'{text}"]


@pytest.mark.parametrize("text", ["Plain text", "2027-03-31", "", "A = B"])
def test_ordinary_text_is_unchanged(text):
    assert neutralise(text) == text


def _csv_url_names() -> set[str]:
    names = set()
    for name, _ in get_resolver().reverse_dict.items():
        if isinstance(name, str) and name.endswith("_csv"):
            names.add(name)
    return names


def test_every_csv_the_service_serves_neutralises_formulas(cast, hostile, login):
    review = hostile
    served = {
        "action_plan_csv": reverse("action_plan_csv", args=[review.reference]),
        "overview_csv": reverse("overview_csv"),
        "timetable_csv": reverse("timetable_csv", args=[review.reference]),
    }
    assert set(served) == _csv_url_names(), "a CSV download this test does not cover"
    for name, url in served.items():
        response = login(cast.review_manager).get(url)
        assert response.status_code == 200, name
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))
        cells = [cell for row in rows for cell in row]
        assert len(rows) > 1, name
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], name
    plan = login(cast.spoc).get(served["action_plan_csv"]).content.decode()
    cells = [cell for row in csv.reader(io.StringIO(plan, newline="")) for cell in row]
    assert {f"'{HOSTILE[0]}", f"'{HOSTILE[1]}", f"'{HOSTILE[2]}"} <= set(cells)
