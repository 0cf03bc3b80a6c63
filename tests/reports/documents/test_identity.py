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
from tests.reports.documents.tagged_pdf import assert_meets_pdf_ua, tagged_pages

PROGRAMME = "Scottish Government Prevent Peer Review Programme"


DOCUMENTS = ["report", "handout", "timetable", "action plan"]


def _printed(review, document: str) -> bytes:
    make = {
        "report": lambda: report_pdf(review),
        "handout": lambda: handout_pdf(review),
        "timetable": lambda: timetable_pdf(review),
        "action plan": lambda: action_plan_pdf(review, action_plan(review), datetime.date(2026, 12, 1)),
    }[document]
    return make()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_document_names_the_programme_on_its_first_page_and_marks_every_page(
    cast, on_site, pdf_text, document
):
    cast.review.protective_marking = "OFFICIAL-SENSITIVE"
    cast.review.save()
    pages = pdf_text(_printed(cast.review, document))
    assert PROGRAMME in " ".join(pages[0].split())
    assert all("OFFICIAL-SENSITIVE" in page for page in pages)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_documents_furniture_is_artifacts_and_its_text_is_in_the_tree(cast, on_site, document, tmp_path):
    """PDF/UA for every printed document, not the report alone: the marking and page numbers are
    artifacts a screen reader skips, every other sequence is in the structure tree and mapped
    back to it, and the machine-checkable rules hold."""
    pdf = _printed(cast.review, document)
    pages = tagged_pages(pdf)
    # The marking above and below and "Page N of M", but on the report's cover: its marking only.
    cover = 1 if document == "report" else 3
    assert [page.artifacts for page in pages] == [cover] + [3] * (len(pages) - 1)
    assert all(page.tagged == page.reached == page.mapped for page in pages)
    assert all(page.unmapped == page.artifacts for page in pages)
    assert_meets_pdf_ua(pdf, tmp_path)
