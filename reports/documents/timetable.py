"""The interview timetable as a document: each on-site day as a grid, on the page and as a PDF."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from assessments.models import Interview, Review
from reports.documents.pdf_cache import pdf_for
from reports.models import RenderedPDF


def timetable_days(interviews: Iterable[Interview]) -> list[dict[str, Any]]:
    """Each on-site day as a grid: rows are start times, columns are rooms."""
    days: dict[datetime.date, list[tuple[datetime.time, Interview]]] = {}
    for interview in interviews:  # each start put in local time once
        starts = timezone.localtime(interview.starts)
        days.setdefault(starts.date(), []).append((starts.time(), interview))
    grids = []
    for day, items in sorted(days.items()):
        rooms = list(dict.fromkeys(interview.location for _, interview in items))
        cells: dict[tuple[datetime.time, str], list[Interview]] = {}
        for time, interview in items:
            cells.setdefault((time, interview.location), []).append(interview)
        rows = [
            {"time": time, "cells": [cells.get((time, room), []) for room in rooms]}
            for time in sorted({time for time, _ in items})
        ]
        grids.append({"day": day, "rooms": rooms, "rows": rows, "count": len(items)})
    return grids


def timetable_pdf(review: Review) -> bytes:
    days = timetable_days(Interview.objects.timetable(review))
    html = render_to_string("reports/timetable_pdf.html", {"review": review, "days": days})
    return pdf_for(review=review, kind=RenderedPDF.Kind.TIMETABLE, html=html)


TABLE_HEADER = ["date", "starts", "ends", "location", "interviewees", "interviewers", "aspects"]


def timetable_rows(review: Review) -> list[list[object]]:
    """The interviews as one row each, for the CSV and the spreadsheet, in timetable order."""
    rows: list[list[object]] = []
    for interview in Interview.objects.timetable(review):
        starts, ends = timezone.localtime(interview.starts), timezone.localtime(interview.ends)
        rows.append(
            [
                starts.date(),
                starts.time().replace(tzinfo=None),
                ends.time().replace(tzinfo=None),
                interview.location,
                "; ".join(str(link.stakeholder) for link in interview.interviewee_links.all()),
                "; ".join(link.person.name for link in interview.interviewer_links.all()),
                ", ".join(str(number) for number in interview.aspects),
            ]
        )
    return rows
