"""Publishing stores the report's HTML at once and renders its PDF in a background task: with the
production task backend, the worker renders, stores and announces it, once."""

import hashlib

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from assessments.models import Finding, ReportVersion
from peerreview.inbox.models import Notification
from reports.documents.pdf import render_pdf
from reports.publishing.steps import report_check_finish, report_publish, report_send_for_checking
from reports.publishing.tasks import version_render

PRODUCTION_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def checking(cast, drafted):
    """The draft out for the council's check, which the council has finished."""
    report_send_for_checking(review=cast.review, by=cast.review_manager)
    report_check_finish(review=cast.review, by=cast.spoc)
    return cast.review


def _published_told():
    return Notification.objects.filter(subject__startswith="The review report is published")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_renders_the_published_pdf_and_only_then_tells_people(cast, checking, login):
    with override_settings(TASKS=PRODUCTION_TASKS):
        version = report_publish(review=checking, by=cast.review_manager)
        version.refresh_from_db()
        assert not version.pdf_ready  # queued, not rendered in the request
        assert "The SPOC leads well." in version.html
        assert not _published_told().exists()
        senior = login(cast.senior)
        waiting = senior.get(reverse("report_version", args=[checking.reference, 1]))
        assert waiting.status_code == 200
        assert "The PDF of version 1 is being prepared" in waiting.text
        assert "Being prepared" in senior.get(reverse("report", args=[checking.reference])).text

        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    version.refresh_from_db()
    assert version.pdf_ready
    assert version.sha256 == hashlib.sha256(bytes(version.pdf)).hexdigest()
    assert bytes(version.pdf) == render_pdf(version.html)  # the PDF is the HTML as published
    download = login(cast.senior).get(reverse("report_version", args=[checking.reference, 1]))
    assert download.content == bytes(version.pdf)
    assert cast.senior.email in set(_published_told().values_list("user__email", flat=True))


def test_a_render_run_twice_renders_and_announces_once(cast, checking):
    version = report_publish(review=checking, by=cast.review_manager)  # rendered as queued in tests
    version.refresh_from_db()
    pdf, told = bytes(version.pdf), _published_told().count()
    emails = len(mail.outbox)
    assert told > 0
    assert version_render.call(version.pk, True) == "nothing to do"
    version.refresh_from_db()
    assert bytes(version.pdf) == pdf
    assert (_published_told().count(), len(mail.outbox)) == (told, emails)


def test_the_published_html_is_kept_while_the_findings_change_after(cast, checking):
    version = report_publish(review=checking, by=cast.review_manager)
    Finding.objects.update(text="Changed for the next version.")
    version = ReportVersion.objects.get(pk=version.pk)
    assert "The SPOC leads well." in version.html
    assert "Changed for the next version." not in version.html
