"""Dates as the report writes them: British ordinals, "8th and 9th May 2019"."""

import datetime

from reports.documents.numbers_in_words import number_words


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def long_date(value: datetime.date) -> str:
    return f"{ordinal(value.day)} {value:%B %Y}"


def day_span(start: datetime.date, end: datetime.date) -> str:
    """ "8th May 2019"; "8th and 9th May 2019"; "30th April and 1st May 2019"; "8th to 10th May 2019"."""
    if end < start:
        start, end = end, start
    if start == end:
        return long_date(start)
    joiner = " and " if (end - start).days == 1 else " to "
    if (start.year, start.month) == (end.year, end.month):
        return f"{ordinal(start.day)}{joiner}{long_date(end)}"
    if start.year == end.year:
        return f"{ordinal(start.day)} {start:%B}{joiner}{long_date(end)}"
    return f"{long_date(start)}{joiner}{long_date(end)}"


def length_in_days(start: datetime.date, end: datetime.date) -> str:
    return f"{number_words((end - start).days + 1)}-day"
