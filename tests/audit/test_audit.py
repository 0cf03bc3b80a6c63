import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments.models import Finding
from peerreview.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD


def _finding(cast):
    return Finding.objects.create(
        review=cast.review,
        area=cast.review.framework.areas.get(key="leadership"),
        kind="improvement",
        text="Before.",
    )


def test_a_change_records_who_when_and_before_and_after(cast, login):
    finding = _finding(cast)
    url = reverse("finding_edit", args=[cast.review.reference, finding.pk])
    login(cast.peer).post(url, {"area": "leadership", "kind": "improvement", "text": "After.", "version": 1})
    event = AuditEvent.objects.filter(kind="change", object_type="assessments.Finding").get()
    assert (event.user, event.review_id, event.object_id) == (cast.peer, cast.review.pk, str(finding.pk))
    assert (event.before["text"], event.after["text"]) == ("Before.", "After.")
    assert event.at.utcoffset().total_seconds() == 0  # kept in UTC
    created = AuditEvent.objects.get(kind="create", object_type="assessments.Finding")
    assert created.after["text"] == "Before."


def test_deletes_sign_ins_denials_and_downloads_are_recorded(cast, client, login):
    finding = _finding(cast)
    login(cast.peer).post(reverse("finding_delete", args=[cast.review.reference, finding.pk]))
    assert AuditEvent.objects.filter(kind="delete", object_type="assessments.Finding").exists()
    client.logout()
    client.post(reverse("accounts:login"), {"username": cast.spoc.email, "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": cast.spoc.email, "password": TEST_PASSWORD})
    assert AuditEvent.objects.filter(kind="login_failed", summary=cast.spoc.email).exists()
    assert AuditEvent.objects.filter(kind="login", user=cast.spoc).exists()
    client.get(reverse("findings", args=[cast.review.reference]))  # the SPOC may not: 403
    denied = AuditEvent.objects.get(kind="denied")
    assert denied.user == cast.spoc
    assert "/findings/" in denied.summary


def test_events_are_never_changed_or_deleted(cast):
    _finding(cast)
    event = AuditEvent.objects.first()
    event.summary = "rewritten"
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    with pytest.raises(ValueError, match="never deleted"):
        event.delete()


def test_review_managers_read_the_trail_and_team_members_see_who_changed_a_finding(cast, login, check_access):
    finding = _finding(cast)
    url = reverse("finding_edit", args=[cast.review.reference, finding.pk])
    login(cast.lead_peer).post(
        url, {"area": "leadership", "kind": "improvement", "text": "After.", "version": 1}
    )
    response = check_access(
        reverse("review_audit", args=[cast.review.reference]),
        outsider=cast.other_spoc,
        forbidden=cast.lead_peer,
        allowed=cast.review_manager,
    )
    assert "text: “Before.” → “After.”" in response.text
    page = login(cast.peer).get(reverse("findings", args=[cast.review.reference])).text
    assert f"last changed by {escape(cast.lead_peer.full_name)}" in page  # a name may hold an apostrophe
