import datetime

import pytest

from reports.documents.dates import day_span, length_in_days, ordinal

D = datetime.date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (30, "30th"),
        (31, "31st"),
    ],
)
def test_ordinals(day, text):
    assert ordinal(day) == text


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2019, 5, 8), D(2019, 5, 9), "8th and 9th May 2019"),
        (D(2019, 4, 30), D(2019, 5, 1), "30th April and 1st May 2019"),
        (D(2019, 12, 31), D(2020, 1, 1), "31st December 2019 and 1st January 2020"),
        (D(2019, 5, 8), D(2019, 5, 8), "8th May 2019"),
        (D(2019, 5, 8), D(2019, 5, 10), "8th to 10th May 2019"),
    ],
)
def test_day_spans(start, end, text):
    assert day_span(start, end) == text


def test_visit_length():
    assert length_in_days(D(2019, 5, 8), D(2019, 5, 9)) == "two-day"
    assert length_in_days(D(2019, 5, 8), D(2019, 5, 8)) == "one-day"
