"""The programme's pool on the web: each person's own profile, the managers' directory and
keeping someone's profile, and the peers suggested on a review's people page (issue 32)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Aspect, DeclaredConflict, PoolProfile, Unavailability
from assessments.services.pool import conflict_declare, profile_save, unavailability_add
from peerreview.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.queries import statements

PROFILE = reverse("profile")
DIRECTORY = reverse("people_directory")


def _days(first: datetime.date, last: datetime.date) -> dict:
    return {
        "form": "unavailable",
        **{f"first_day_{i}": part for i, part in enumerate((first.day, first.month, first.year))},
        **{f"last_day_{i}": part for i, part in enumerate((last.day, last.month, last.year))},
    }


def test_everyone_signed_in_keeps_their_own_profile(cast, client, login):
    client.logout()
    assert "/accounts/login/" in client.get(PROFILE)["Location"]
    spoc = login(cast.spoc)
    assert "Your profile" in spoc.get(PROFILE).text
    aspects = list(Aspect.objects.filter(framework=cast.review.framework, number__in=[2, 9]))
    data = {"form": "profile", "aspects": [a.pk for a in aspects], "reviews_consent": "on"}
    assert spoc.post(PROFILE, data).status_code == 302
    profile = PoolProfile.objects.get(user=cast.spoc)
    assert sorted(a.number for a in profile.aspects.all()) == [2, 9]
    assert (profile.reviews_consent, profile.mentoring_consent, profile.updated_by) == (
        True,
        False,
        cast.spoc,
    )
    assert AuditEvent.objects.filter(object_type="assessments.PoolProfile", user=cast.spoc).exists()


def test_days_are_added_and_refused_when_back_to_front(cast, login):
    spoc = login(cast.spoc)
    response = spoc.post(PROFILE, _days(datetime.date(2026, 5, 4), datetime.date(2026, 5, 1)))
    assert response.status_code == 200
    assert (
        response.text.count("The last day must be the same as or after the first day") == 2
    )  # summary, field
    assert "<title>Error: " in response.text
    assert not Unavailability.objects.exists()
    assert spoc.post(PROFILE, _days(datetime.date(2026, 5, 1), datetime.date(2026, 5, 4))).status_code == 302
    assert "1 May 2026 to 4 May 2026" in spoc.get(PROFILE).text


def test_a_conflict_is_declared_once_in_any_spelling_and_withdrawn(cast, login):
    spoc = login(cast.spoc)
    declare = {"form": "conflict", "organisation_name": "Glenbrae Council", "reason": "Shared CONTEST"}
    assert spoc.post(PROFILE, declare).status_code == 302
    again = spoc.post(PROFILE, declare | {"organisation_name": "GLENBRAE  council"})
    assert "A conflict with GLENBRAE council is declared already" in again.text
    (conflict,) = DeclaredConflict.objects.filter(user=cast.spoc)
    assert spoc.post(PROFILE, {"form": "remove_conflict", "pk": conflict.pk}).status_code == 302
    assert not DeclaredConflict.objects.exists()


def test_nobody_removes_another_persons_days_or_conflicts(cast, login):
    days = unavailability_add(
        person=cast.peer,
        first_day=datetime.date(2026, 1, 5),
        last_day=datetime.date(2026, 1, 6),
        by=cast.peer,
    )
    conflict = conflict_declare(
        person=cast.peer, organisation_name="Glenbrae Council", reason="Former", by=cast.peer
    )
    spoc = login(cast.spoc)
    assert spoc.post(PROFILE, {"form": "remove_unavailable", "pk": days.pk}).status_code == 404
    assert spoc.post(PROFILE, {"form": "remove_conflict", "pk": conflict.pk}).status_code == 404
    assert spoc.post(PROFILE, {"form": "remove_conflict", "pk": "x"}).status_code == 404
    assert Unavailability.objects.filter(pk=days.pk).exists()
    assert DeclaredConflict.objects.filter(pk=conflict.pk).exists()


def test_the_directory_is_the_programme_managers(cast, check_access):
    check_access(DIRECTORY, outsider=cast.spoc, allowed=cast.review_manager)
    check_access(DIRECTORY, outsider=cast.lead_peer, allowed=cast.review_manager)
    person = reverse("person_profile", args=[cast.peer.pk])
    check_access(person, outsider=cast.peer, allowed=cast.review_manager)
    check_access(person, outsider=cast.senior, allowed=cast.review_manager)


def _directory_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(DIRECTORY).status_code == 200
    return len(statements(captured))


def test_the_directory_reads_the_same_queries_however_many_people(cast, login):
    manager = login(cast.review_manager)
    aspects = Aspect.objects.filter(framework=cast.review.framework, number__in=[1, 2])
    profile_save(
        person=cast.peer,
        aspects=aspects,
        areas=[],
        reviews_consent=True,
        mentoring_consent=True,
        by=cast.peer,
    )
    _directory_queries(manager)  # the first request after signing in also saves the session
    few = _directory_queries(manager)
    for number in range(30):
        person = UserFactory(email=f"pool{number}@example.org")
        profile_save(
            person=person, aspects=aspects, areas=[], reviews_consent=True, mentoring_consent=False, by=person
        )
    assert _directory_queries(manager) == few
    assert few <= 10
    page = manager.get(DIRECTORY, {"aspect": 2, "consenting": "on"}).text
    assert "Aspects 1, 2" in page
    assert "of people" in page  # 31 people: a second page


def test_a_manager_keeps_someones_profile(cast, login):
    url = reverse("person_profile", args=[cast.peer.pk])
    manager = login(cast.review_manager)
    assert cast.peer.full_name in manager.get(url).text
    assert manager.post(url, {"form": "profile", "mentoring_consent": "on"}).status_code == 302
    profile = PoolProfile.objects.get(user=cast.peer)
    assert (profile.mentoring_consent, profile.updated_by) == (True, cast.review_manager)


def test_the_people_page_suggests_peers_to_a_programme_manager(cast, login):
    candidate = UserFactory(email="candidate@eastwick.example.org", full_name="Ailsa Grant")
    profile_save(
        person=candidate, aspects=[], areas=[], reviews_consent=True, mentoring_consent=False, by=candidate
    )
    url = reverse("review_people", args=[cast.review.reference])
    manager = login(cast.review_manager)
    page = manager.get(url).text
    assert "Suggested peers" in page
    assert "Ailsa Grant" in page
    confirm = manager.post(url, {"role": "peer", "email": candidate.email})
    assert confirm.status_code == 200
    assert "Ailsa Grant" in confirm.text
    assert 'name="confirm"' in confirm.text


def test_a_persons_profile_page_reads_at_most_15_queries(cast, login):
    """The page limit every page keeps (``make bench``): the profile with its expertise, dates and
    conflicts, kept by a manager."""
    person = cast.peer
    expertise = Aspect.objects.filter(number__in=[1, 2])
    profile_save(
        person=person,
        aspects=expertise,
        areas=[],
        reviews_consent=True,
        mentoring_consent=True,
        by=cast.review_manager,
    )
    unavailability_add(
        person=person, first_day=datetime.date(2026, 1, 5), last_day=datetime.date(2026, 1, 6), by=person
    )
    conflict_declare(person=person, organisation_name="Glenbrae Council", reason="Former", by=person)
    manager = login(cast.review_manager)
    url = reverse("person_profile", args=[person.pk])
    manager.get(url)  # the first request after signing in also saves the session
    with CaptureQueriesContext(connection) as captured:
        assert manager.get(url).status_code == 200
    assert len(statements(captured)) <= 15
