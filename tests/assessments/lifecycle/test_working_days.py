"""Working days in Scotland, for the factual-accuracy window."""

import datetime

import pytest

from assessments.lifecycle.working_days import add_working_days, is_working_day

D = datetime.date


@pytest.mark.parametrize(
    ("sent", "days", "due"),
    [
        (D(2026, 3, 2), 5, D(2026, 3, 9)),  # Monday to Monday: an ordinary week
        (D(2026, 3, 6), 5, D(2026, 3, 13)),  # a Friday: the weekend is not counted
        (D(2026, 3, 7), 1, D(2026, 3, 9)),  # sent on a Saturday: Monday is the first day
        (D(2026, 4, 1), 5, D(2026, 4, 9)),  # over Good Friday (Easter Monday is not a holiday here)
        (D(2026, 11, 27), 5, D(2026, 12, 7)),  # over St Andrew's Day, Monday 30 November
        (D(2026, 12, 24), 5, D(2027, 1, 6)),  # over Christmas, Boxing Day and New Year, into 2027
        (D(2026, 3, 2), 0, D(2026, 3, 2)),
    ],
)
def test_working_days_skip_weekends_and_scottish_public_holidays(sent, days, due):
    assert add_working_days(sent, days) == due


def test_holidays_are_scotland_s_not_england_s():
    assert not is_working_day(D(2026, 11, 30))  # St Andrew's Day
    assert not is_working_day(D(2027, 1, 4))  # 2 January, observed
    assert is_working_day(D(2026, 4, 6))  # Easter Monday is a working day in Scotland
    assert is_working_day(D(2026, 8, 31))  # England's late summer holiday is not Scotland's
    assert not is_working_day(D(2026, 3, 7))  # a Saturday
