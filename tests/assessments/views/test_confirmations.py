"""Irreversible steps ask first, on a GOV.UK confirmation page that says what will happen; only
the confirmation's POST acts (issue 14, item 7)."""

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Evidence, Interview, ReportVersion, Review, ReviewPerson
from assessments.services.evidence import evidence_upload
from peerreview.audit.models import AuditEvent
from tests.files import upload
from tests.lifecycle import bring_to, plan_an_action


@pytest.fixture
def people(cast):
    return {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}


def _asks_first(client, url, *, title, says):
    page = client.get(url)
    assert page.status_code == 200
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in page.text
    assert says in page.text
    assert 'method="post"' in page.text
    return page


def test_publishing_asks_first(cast, people, login):
    review = bring_to(cast.review, "s5_checking", **people)
    manager = login(cast.review_manager)
    report_page = manager.get(reverse("report", args=[review.reference])).text
    assert f'href="{reverse("report_publish", args=[review.reference])}"' in report_page
    _asks_first(
        manager,
        reverse("report_publish", args=[review.reference]),
        title="Publish the report?",
        says="Its PDF will be stored as it reads now and will never change.",
    )
    assert not ReportVersion.objects.exists()
    # The council's check is open (it was sent today): the page names it and asks why.
    assert (
        "factual-accuracy check is open until"
        in manager.get(reverse("report_publish", args=[review.reference])).text
    )
    reason = {"reason": "The council asked for it to be published at once."}
    assert manager.post(reverse("report_publish", args=[review.reference]), reason).status_code == 302
    assert ReportVersion.objects.count() == 1


def test_closing_asks_first(cast, people, login):
    review = bring_to(cast.review, "s6", **people)
    url = reverse("review_close", args=[review.reference])
    plan_an_action(review, by=cast.spoc)
    _asks_first(
        login(cast.review_manager), url, title="Close the review?", says="nobody will be able to change it"
    )
    assert Review.objects.get(pk=review.pk).closed_at is None
    login(cast.review_manager).post(url)
    assert Review.objects.get(pk=review.pk).closed_at is not None


def test_closing_with_an_empty_action_plan_says_so_and_asks_why(cast, people, login):
    review = bring_to(cast.review, "s6", **people)
    url = reverse("review_close", args=[review.reference])
    client = login(cast.review_manager)
    page = client.get(url).text
    assert "The council&#x27;s action plan has no actions." in page
    assert "Why close the review now?" in page
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert "Enter why the review is closing now" in refused.text
    assert '<div class="govuk-error-summary"' in refused.text
    assert Review.objects.get(pk=review.pk).closed_at is None
    client.post(url, {"reason": "The council tracks its actions in its own system."})
    closed = Review.objects.get(pk=review.pk)
    assert closed.closed_at is not None
    assert closed.stage_transitions.last().reason == "The council tracks its actions in its own system."


def test_starting_a_follow_up_asks_first(cast, people, login):
    review = bring_to(cast.review, "s6", **people)
    url = reverse("follow_up_start", args=[review.reference])
    _asks_first(
        login(cast.review_manager), url, title="Start a follow-up review?", says="It starts at stage 1"
    )
    assert not review.follow_ups.exists()
    login(cast.review_manager).post(url)
    assert review.follow_ups.count() == 1


def test_cancelling_an_interview_asks_first(cast, on_site, login, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    starts = timezone.make_aware(datetime.datetime(2025, 3, 31, 9, 30))
    interview = Interview.objects.create(
        review=cast.review, starts=starts, ends=starts + datetime.timedelta(hours=1), location="Room 2"
    )
    url = reverse("interview_cancel", args=[cast.review.reference, interview.pk])
    _asks_first(login(cast.review_manager), url, title="Cancel the interview?", says="sent the cancellation")
    assert Interview.objects.get().cancelled_at is None
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.review_manager).post(url)
    assert Interview.objects.get().cancelled_at is not None


def test_removing_evidence_asks_first(cast, login, private_storage):
    (evidence,) = evidence_upload(review=cast.review, files=[upload("plan.pdf")], aspects=[1], by=cast.spoc)
    url = reverse("evidence_remove", args=[cast.review.reference, evidence.pk])
    _asks_first(login(cast.spoc), url, title="Remove E1 (plan)?", says="its files are kept for the record")
    assert Evidence.objects.get().removed_at is None
    login(cast.spoc).post(url)
    assert Evidence.objects.get().removed_at is not None


def test_a_review_set_up_by_mistake_can_be_deleted_then_only(cast, people, login, check_access):
    url = reverse("review_delete", args=[cast.review.reference])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.review_manager)
    detail = login(cast.review_manager).get(reverse("review_detail", args=[cast.review.reference])).text
    assert f'href="{url}"' in detail
    _asks_first(
        login(cast.review_manager),
        url,
        title=f"Delete the review of {cast.review.host.name}?",
        says="The audit log keeps a record of the deletion.",
    )
    assert login(cast.review_manager).post(url)["Location"] == reverse("dashboard")
    assert not Review.objects.filter(pk=cast.review.pk).exists()
    assert not ReviewPerson.objects.filter(review_id=cast.review.pk).exists()
    event = AuditEvent.objects.get(kind="delete", summary__startswith="Deleted review ardlarich-2025")
    assert event.user == cast.review_manager


def test_a_review_with_answers_or_evidence_cannot_be_deleted(cast, people, login, private_storage):
    evidence_upload(review=cast.review, files=[upload("plan.pdf")], aspects=[1], by=cast.spoc)
    url = reverse("review_delete", args=[cast.review.reference])
    assert login(cast.review_manager).get(url).status_code == 403
    assert login(cast.review_manager).post(url).status_code == 403
    assert Review.objects.filter(pk=cast.review.pk).exists()
