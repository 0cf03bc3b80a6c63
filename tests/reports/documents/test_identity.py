"""Every document the service prints carries the programme's name at its head and the marking in
its page furniture, in one plain style (issue 30): the report, the key findings handout, the
interview timetable and the action plan."""

import datetime

import pytest

from assessments.reads.action_plans import action_plan
from reports.documents.action_plan import action_plan_pdf
from reports.documents.handout import handout_pdf
from reports.documents.rendering import report_pdf
from reports.documents.timetable import timetable_pdf

PROGRAMME = "Scottish Government Prevent Peer Review Programme"


@pytest.mark.parametrize("document", ["report", "handout", "timetable", "action plan"])
def test_each_document_names_the_programme_on_its_first_page_and_marks_every_page(
    cast, on_site, pdf_text, document
):
    cast.review.protective_marking = "OFFICIAL-SENSITIVE"
    cast.review.save()
    make = {
        "report": lambda: report_pdf(cast.review),
        "handout": lambda: handout_pdf(cast.review),
        "timetable": lambda: timetable_pdf(cast.review),
        "action plan": lambda: action_plan_pdf(
            cast.review, action_plan(cast.review), datetime.date(2026, 12, 1)
        ),
    }[document]
    pages = pdf_text(make())
    assert PROGRAMME in " ".join(pages[0].split())
    assert all("OFFICIAL-SENSITIVE" in page for page in pages)
