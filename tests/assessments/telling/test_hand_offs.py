"""A review's hand-offs, walked from set-up to close, with every role's inbox read after each
one: the manager's included (issue 28). Each person is told of each event once, in the service
and by e-mail alike, and only what the step passes to them."""

import datetime

import pytest
from django.core import mail

from assessments.jobs.reminders import plan_dates_passed_tell
from assessments.lifecycle import stages
from assessments.models import ReviewPlan, SupportKind
from assessments.services.follow_up import support_request_create
from peerreview.inbox.models import Notification
from reports.publishing.steps import comment_add, report_check_finish
from tests.lifecycle import bring_to

ROLES = ("manager", "lead", "peer", "spoc", "deputy", "senior")


@pytest.fixture
def walk(cast):
    users = {
        "manager": cast.review_manager,
        "lead": cast.lead_peer,
        "peer": cast.peer,
        "spoc": cast.spoc,
        "deputy": cast.deputy,
        "senior": cast.senior,
    }
    seen: set[int] = set()
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}

    def told() -> dict[str, list[str]]:
        """What each role has been told since last asked, subjects without the council's name."""
        fresh = Notification.objects.exclude(pk__in=seen).order_by("pk")
        news = {role: [] for role in ROLES}
        for notification in fresh:
            seen.add(notification.pk)
            for role, user in users.items():
                if notification.user_id == user.pk:
                    news[role].append(notification.subject.removesuffix(": Ardlarich Council"))
        return news

    return cast, people, told


def _only(news: dict[str, list[str]], **expected: list[str]) -> None:
    assert news == {role: expected.get(role, []) for role in ROLES}


def _a_passed_date_is_told_once(review, told) -> None:
    """The plan's publication date passes: the manager is told, and the next day's run tells
    nobody again, and says so."""
    ReviewPlan.objects.update_or_create(
        review=review, defaults={"publication_due": datetime.date(2025, 6, 2)}
    )
    assert plan_dates_passed_tell(today=datetime.date(2025, 6, 3)) == 1
    _only(told(), manager=["A date in the plan has passed: Report published"])
    assert plan_dates_passed_tell(today=datetime.date(2025, 6, 4)) == 0
    _only(told())


def test_every_hand_off_reaches_the_people_it_passes_to_the_manager_included(walk):
    cast, people, told = walk
    review = bring_to(cast.review, "s1_submitted", **people)
    submitted = ["Self-assessment submitted"]
    _only(told(), manager=submitted, lead=submitted, peer=submitted)

    review = bring_to(review, "s5_checking", start="s1_submitted", **people)
    news = told()
    assert news["manager"] == []  # the manager moved it, and sent the draft: nothing to tell them
    assert news["spoc"][-1] == news["deputy"][-1] == "The draft report is ready for your check"
    assert "The draft report is ready for your check" not in news["senior"] + news["lead"]

    comment_add(review=review, section="findings", text="The chair is the Chief Executive.", by=cast.spoc)
    comment = ["A factual-accuracy comment on the draft"]
    _only(told(), manager=comment, lead=comment, peer=comment)

    report_check_finish(review=review, by=cast.deputy)
    _only(told(), manager=["The council has finished checking the draft report"])

    support_request_create(
        review=review, kind=SupportKind.MENTORING, description="A mentor, please", by=cast.spoc
    )
    _only(told(), manager=["Support requested"])

    _a_passed_date_is_told_once(review, told)

    stages.stage_return(review=review, by=cast.review_manager, reason="The draft needs a rewrite.")
    back = ["The review has moved back to Stage 4: Presentation of key findings"]
    _only(told(), lead=back, peer=back, spoc=back, deputy=back, senior=back)

    addresses = [message.to[0] for message in mail.outbox]
    subjects = [(message.to[0], message.subject) for message in mail.outbox]
    assert len(subjects) == len(set(subjects)), "someone was e-mailed the same thing twice"
    assert cast.review_manager.email in addresses


def test_a_hand_off_told_again_tells_nobody_twice(walk):
    """Every hand-off is an event, told once by the database's constraint: a retried task (the
    render that announces a version) or a repeated call tells nobody again."""
    from reports.publishing.tasks import _announce

    cast, people, told = walk
    review = bring_to(cast.review, "s5_published", **people)
    told()
    version = review.report.versions.get()
    _announce(version)
    assert told() == {role: [] for role in ROLES}
    before = len(mail.outbox)
    _announce(version)
    assert len(mail.outbox) == before
