"""Hand-offs tell the people the work passes to, by e-mail, and nobody who may not see it."""

import datetime

import pytest
import time_machine
from django.core import mail

from assessments.models import SupportKind
from assessments.services.follow_up import support_request_create
from reports.services import report_publish, report_send_for_checking
from tests.lifecycle import bring_to

OUTSIDERS = {"spoc@glenbrae.example.org", "peer2@strathkeld.example.org"}
TEAM = {"lead@strathkeld.example.org", "peer@strathkeld.example.org", "manager@gov.example.org"}
HOST = {"spoc@ardlarich.example.org", "deputy@ardlarich.example.org", "senior@ardlarich.example.org"}


@pytest.fixture
def people(cast):
    return {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}


def _told(subject: str) -> set[str]:
    return {message.to[0] for message in mail.outbox if message.subject.startswith(subject)}


def test_a_submitted_self_assessment_tells_the_team_only(cast, people):
    bring_to(cast.review, "s1_submitted", **people)
    assert _told("Self-assessment submitted") == TEAM


@time_machine.travel(datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC), tick=False)
def test_the_draft_going_out_tells_the_spoc_and_deputy_when_comments_are_due(cast, people):
    review = bring_to(cast.review, "s5_draft", **people)
    report_send_for_checking(review=review, by=cast.review_manager)
    assert _told("The draft report is ready for your check") == {
        "spoc@ardlarich.example.org",
        "deputy@ardlarich.example.org",
    }
    message = next(m for m in mail.outbox if m.subject.startswith("The draft report is ready"))
    assert "by Monday 7 December 2026" in message.body  # five working days, over St Andrew's Day
    assert "/reviews/ardlarich-2025/report/" in message.body
    assert "Protective marking: OFFICIAL" in message.body


def test_publication_tells_everyone_on_the_review_but_the_publisher(cast, people):
    review = bring_to(cast.review, "s5_checking", **people)
    mail.outbox.clear()
    report_publish(review=review, by=cast.review_manager)
    told = _told("The review report is published")
    assert told == (TEAM | HOST) - {"manager@gov.example.org"}
    assert not told & OUTSIDERS


def test_a_support_request_reaches_the_review_managers(cast):
    support_request_create(
        review=cast.review, kind=SupportKind.choices[0][0], description="Help with training.", by=cast.spoc
    )
    assert _told("Support requested") == {"manager@gov.example.org"}
    (message,) = [m for m in mail.outbox if m.subject.startswith("Support requested")]
    assert "Help with training." in message.body
