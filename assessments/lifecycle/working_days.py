"""Working days in Scotland: Monday to Friday, less Scottish public holidays (from the
``holidays`` package, which follows the Scottish Government's published list)."""

import datetime
from functools import cache

import holidays


@cache
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="SCT", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day ``days`` working days after ``start`` (``start`` itself not counted): a window of
    five working days opened on a Friday closes the next Friday, or later over a holiday."""
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
