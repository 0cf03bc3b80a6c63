"""Hand-offs tell the people the work passes to, in the service and by e-mail, and nobody who
may not see it. Every check of who was told reads both: the e-mails and the notifications."""

import datetime

import pytest
import time_machine
from django.core import mail

from assessments.lifecycle.stages import stage_advance
from assessments.models import SupportKind
from assessments.rules.access import Permission
from assessments.services.follow_up import support_request_create
from peerreview.inbox.models import Notification
from peerreview.inbox.tasks import send_digests
from reports.publishing.steps import report_check_finish, report_publish, report_send_for_checking
from tests.lifecycle import bring_to

OUTSIDERS = {"spoc@glenbrae.example.org", "peer2@strathkeld.example.org"}
TEAM = {"lead@strathkeld.example.org", "peer@strathkeld.example.org", "manager@gov.example.org"}
HOST = {"spoc@ardlarich.example.org", "deputy@ardlarich.example.org", "senior@ardlarich.example.org"}


@pytest.fixture
def people(cast):
    return {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}


def _told(subject: str) -> set[str]:
    """Who was told, checking that the service and the e-mails agree (everyone here has chosen
    e-mails at once, the default)."""
    emailed = {message.to[0] for message in mail.outbox if message.subject.startswith(subject)}
    in_service = set(
        Notification.objects.filter(subject__startswith=subject).values_list("user__email", flat=True)
    )
    assert in_service == emailed, "the notifications in the service and the e-mails differ"
    return emailed


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
    report_check_finish(review=review, by=cast.spoc)
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


def test_a_role_on_an_existing_account_is_told_and_a_new_account_is_invited(cast):
    from assessments.services.reviews import person_add

    person_add(
        review=cast.review,
        email="peer2@strathkeld.example.org",  # has an account, on another review
        full_name="Peter Young",
        job_title="Peer",
        role="peer",
        organisation_name="Strathkeld Council",
        by=cast.review_manager,
    )
    assert _told("You have a role on a peer review") == {"peer2@strathkeld.example.org"}
    (message,) = [m for m in mail.outbox if m.subject.startswith("You have a role")]
    assert "Peer for the Ardlarich Council Prevent peer review" in message.body
    assert "/accounts/invitation/" not in message.body  # no password link for an existing account


def test_reopening_the_self_assessment_tells_the_spoc_and_deputy_why(cast, people):
    from assessments.services.self_assessment import self_assessment_reopen

    review = bring_to(cast.review, "s1_submitted", **people)
    self_assessment_reopen(
        review=review, reason="Aspect 9 needs the new venue policy.", by=cast.review_manager
    )
    assert _told("The self-assessment is open again") == {
        "spoc@ardlarich.example.org",
        "deputy@ardlarich.example.org",
    }
    assert any("Aspect 9 needs the new venue policy." in m.body for m in mail.outbox)


def test_a_stage_move_tells_everyone_on_the_review_where_it_is_but_not_why_it_went_back(cast, people):
    from assessments.lifecycle.stages import stage_return

    review = bring_to(cast.review, "s2", **people)
    told = _told("The review is now at Stage 2")
    assert told == (TEAM | HOST) - {"manager@gov.example.org"}
    mail.outbox.clear()
    stage_return(review=review, by=cast.review_manager, reason="TEAM-ONLY-REASON: the pack was incomplete")
    assert _told("The review has moved back to Stage 1") == (TEAM | HOST) - {"manager@gov.example.org"}
    assert not any("TEAM-ONLY-REASON" in m.body for m in mail.outbox)  # reasons are the team's
    # Each person is e-mailed once, and told the move was backwards (issue 28: each move back
    # sent two identical e-mails that did not say so).
    addresses = [address for message in mail.outbox for address in message.to]
    assert sorted(addresses) == sorted(set(addresses))
    assert all("moved back the Ardlarich Council Prevent peer review" in m.body for m in mail.outbox)


def test_each_person_is_told_of_an_event_once_by_the_database(cast, people):
    from django.db import IntegrityError, transaction

    from assessments.telling.notifications import tell

    mail.outbox.clear()
    for _ in range(2):  # the same event told twice, as a retried task or a double call would
        tell(
            review=cast.review,
            permission=Permission.VIEW_REVIEW,
            subject="Once",
            lines=["Only once."],
            url_name="review_detail",
            event="test-event-1",
        )
    assert Notification.objects.filter(user=cast.spoc, event="test-event-1").count() == 1
    assert [m.to for m in mail.outbox].count([cast.spoc.email]) == 1
    with pytest.raises(IntegrityError), transaction.atomic():  # the database's own refusal
        Notification.objects.create(
            user=cast.spoc, topic="x", subject="s", body="b", url="/", event="test-event-1"
        )


def test_a_comment_tells_the_team_and_its_resolution_tells_its_author(cast, people):
    from assessments.models import ReportComment
    from reports.publishing.steps import comment_add, comment_resolve

    review = bring_to(cast.review, "s5_checking", **people)
    mail.outbox.clear()
    comment_add(
        review=review, section="executive_summary", text="The date of the visit is wrong.", by=cast.deputy
    )
    assert _told("A factual-accuracy comment on the draft") == TEAM
    comment_resolve(comment=ReportComment.objects.get(), resolution="Corrected to 8 May.", by=cast.lead_peer)
    assert _told("Your comment on the draft is resolved") == {"deputy@ardlarich.example.org"}
    assert any("Corrected to 8 May." in m.body for m in mail.outbox)


def test_handling_a_support_request_tells_who_asked(cast):
    from assessments.services.follow_up import support_request_handle

    request = support_request_create(
        review=cast.review, kind=SupportKind.choices[0][0], description="Help.", by=cast.spoc
    )
    support_request_handle(
        request=request, status="closed", note="A mentor is arranged.", by=cast.review_manager
    )
    assert _told("Your request for support") == {"spoc@ardlarich.example.org"}
    assert any("A mentor is arranged." in m.body for m in mail.outbox)


def test_programme_managers_hear_of_support_requests_but_not_of_every_review_s_moves(cast, people):
    from tests.factories import UserFactory

    UserFactory(email="another.manager@gov.example.org", is_review_manager=True)
    bring_to(cast.review, "s2", **people)
    assert "another.manager@gov.example.org" not in _told("The review is now at")
    support_request_create(
        review=cast.review, kind=SupportKind.choices[0][0], description="Help.", by=cast.spoc
    )
    assert "another.manager@gov.example.org" in _told("Support requested")


def test_a_new_account_finds_its_role_in_the_service_after_its_invitation(cast):
    from assessments.services.reviews import person_add

    mail.outbox.clear()
    person_add(
        review=cast.review,
        email="new.peer@strathkeld.example.org",
        full_name="New Peer",
        job_title="Peer",
        role="peer",
        organisation_name="Strathkeld Council",
        by=cast.review_manager,
    )
    (told,) = Notification.objects.filter(user__email="new.peer@strathkeld.example.org")
    assert told.subject == "You have a role on a peer review: Ardlarich Council"
    assert told.emailed_at is not None  # the invitation was its e-mail: not e-mailed twice
    assert not [m for m in mail.outbox if m.subject.startswith("You have a role")]


def test_interview_invitations_go_by_e_mail_with_their_calendar_and_into_the_service(cast, book_interview):
    mail.outbox.clear()
    interview = book_interview(11, who=["spoc", "police"], team=["lead"], aspects=[1])
    emailed = {m.to[0] for m in mail.outbox if m.subject.startswith("Invitation:")}
    assert emailed == {cast.lead_peer.email, cast.spoc.email, "di@police.example.org"}
    assert all(m.attachments for m in mail.outbox)
    in_service = Notification.objects.filter(subject__startswith="Invitation:")
    # The police officer has no account: the e-mail is all there is.
    assert set(in_service.values_list("user__email", flat=True)) == {cast.lead_peer.email, cast.spoc.email}
    assert in_service.first().url == f"/reviews/ardlarich-2025/interviews/{interview.pk}/"
    assert all(n.emailed_at is not None for n in in_service)  # not e-mailed a second time


def test_losing_sight_of_a_review_withdraws_what_its_reader_was_told(cast, people, login):
    from assessments.models import ReviewPerson
    from assessments.services.reviews import person_remove

    bring_to(cast.review, "s1_submitted", **people)
    peer = cast.peer
    assert Notification.objects.shown_to(peer).filter(topic="ardlarich-2025").exists()
    person_remove(person=ReviewPerson.objects.get(review=cast.review, user=peer), by=cast.review_manager)
    assert not Notification.objects.shown_to(peer).filter(topic="ardlarich-2025").exists()
    assert "Self-assessment submitted" not in login(peer).get("/notifications/").text


def test_a_daily_digest_groups_the_day_s_hand_offs_into_one_e_mail(cast, people):
    cast.lead_peer.email_notifications = "daily"
    cast.lead_peer.save()
    review = bring_to(cast.review, "s1_submitted", **people)
    stage_advance(review=review, by=cast.review_manager)
    lead_mail = [m for m in mail.outbox if m.to == [cast.lead_peer.email]]
    assert lead_mail == []  # nothing yet: it waits for the digest
    mail.outbox.clear()
    send_digests.call()
    (digest,) = [m for m in mail.outbox if m.to == [cast.lead_peer.email]]
    assert "Self-assessment submitted" in digest.body
    assert "The review is now at" in digest.body
    assert digest.subject == "Prevent peer reviews: 2 updates for you"
    assert Notification.objects.filter(user=cast.lead_peer, emailed_at__isnull=True).count() == 0
