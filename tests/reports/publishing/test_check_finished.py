"""The council's factual-accuracy check is honoured: publishing waits for the council to say it
has finished or for the check's last day, or takes a reason kept with the version (issue 28: the
report was published six days before the council's check was due)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.lifecycle import publication
from assessments.models import ReportVersion
from peerreview.inbox.models import Notification
from reports.publishing.steps import report_check_finish, report_publish, report_send_for_checking
from tests.lifecycle import bring_to

SENT = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)  # a Monday


@pytest.fixture
def checking(cast):
    with time_machine.travel(SENT, tick=False):
        return bring_to(
            cast.review, "s5_checking", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer
        )


def test_publishing_during_the_check_takes_a_reason_kept_with_the_version(cast, checking):
    with time_machine.travel(SENT + datetime.timedelta(days=1), tick=False):
        with pytest.raises(ValidationError, match="open until Monday 9 March 2026"):
            report_publish(review=checking, by=cast.review_manager)
        assert not ReportVersion.objects.exists()
        version = report_publish(review=checking, by=cast.review_manager, reason="The minister asked for it.")
    assert version.published_early_because == "The minister asked for it."


def test_once_the_council_has_finished_no_reason_is_asked_and_the_manager_is_told(cast, checking):
    with time_machine.travel(SENT + datetime.timedelta(days=1), tick=False):
        report_check_finish(review=checking, by=cast.deputy)
        assert publication.check_open(checking) == ""
        version = report_publish(review=checking, by=cast.review_manager)
    assert version.published_early_because == ""
    told = Notification.objects.filter(subject__startswith="The council has finished checking")
    assert set(told.values_list("user__email", flat=True)) == {cast.review_manager.email}


def test_after_the_check_s_last_day_no_reason_is_asked(cast, checking):
    with time_machine.travel(datetime.datetime(2026, 3, 9, 16, 0, tzinfo=datetime.UTC), tick=False):
        assert publication.check_open(checking) != ""  # the last day is still the council's
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert publication.check_open(checking) == ""
        report_publish(review=checking, by=cast.review_manager)


def test_a_new_check_starts_unfinished(cast, checking):
    from reports.publishing.steps import report_return_to_draft

    report_check_finish(review=checking, by=cast.spoc)
    report_return_to_draft(review=checking, by=cast.review_manager)
    report_send_for_checking(review=checking, by=cast.review_manager)
    assert publication.check_open(checking) != ""


def test_only_the_council_s_contacts_say_so_and_only_during_the_check(cast, checking):
    for who in (cast.lead_peer, cast.review_manager, cast.senior):
        with pytest.raises(ValidationError):
            report_check_finish(review=checking, by=who)


@time_machine.travel(SENT + datetime.timedelta(days=1), tick=False)
def test_the_pages(cast, checking, login, check_access):
    url = reverse("report_check_finished", args=[checking.reference])
    page = login(cast.spoc).get(reverse("report", args=[checking.reference])).text
    assert "We have finished checking" in page
    publish = reverse("report_publish", args=[checking.reference])
    confirmation = login(cast.review_manager).get(publish).text
    assert "The council&#x27;s factual-accuracy check is open until" in confirmation
    assert "Why publish before the council" in confirmation
    refused = login(cast.review_manager).post(publish, {"reason": "  "})
    assert "govuk-error-summary" in refused.text
    assert not ReportVersion.objects.exists()
    check_access(
        url,
        method="post",
        outsider=cast.other_spoc,
        forbidden=cast.senior,
        allowed=cast.deputy,
        allowed_status=302,
    )
    page = login(cast.spoc).get(reverse("report", args=[checking.reference])).text
    assert "told the review team the council has finished checking" in page
    confirmation = login(cast.review_manager).get(publish).text
    assert "Why publish before the council" not in confirmation
    assert login(cast.review_manager).post(publish).status_code == 302
    assert ReportVersion.objects.count() == 1
