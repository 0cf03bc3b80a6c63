"""Peer-to-peer mentoring (issue 32): a council's request matched by a review manager to a
consenting expert from the pool, who accepts or declines; on acceptance both sides are
introduced by e-mail and in the service, and the outcome is recorded on the support page."""

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Aspect, MatchStatus, MentoringMatch, SupportRequest, SupportStatus
from assessments.services.follow_up import support_request_create
from assessments.services.pool import conflict_declare, profile_save
from peerreview.inbox.models import Notification
from tests.factories import OrganisationFactory, UserFactory
from tests.lifecycle import bring_to


def _expert(name: str, *, knows=(), mentoring=True, organisation="Eastwick Council"):
    person = UserFactory(
        email=f"{name.lower()}@experts.example.org",
        full_name=name,
        job_title="Prevent Lead",
        organisation=OrganisationFactory(name=organisation),
    )
    profile_save(
        person=person,
        aspects=Aspect.objects.filter(framework__key="prevent-scotland-2019", number__in=knows),
        areas=[],
        reviews_consent=False,
        mentoring_consent=mentoring,
        by=person,
    )
    return person


@pytest.fixture
def asked(cast) -> SupportRequest:
    return support_request_create(
        review=cast.review, kind="mentoring", description="Help refresh our training needs analysis.",
        aspects=[5], by=cast.spoc,
    )  # fmt: skip


def _find_url(cast, support):
    return reverse("support_mentor", args=[cast.review.reference, support.pk])


def test_finding_a_mentor_is_for_the_review_manager(cast, asked, check_access):
    url = _find_url(cast, asked)
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.review_manager)
    check_access(url, outsider=cast.peer_elsewhere, forbidden=cast.lead_peer, allowed=cast.review_manager)


def test_the_manager_asks_the_best_suggested_mentor(cast, asked, login):
    best = _expert("Isla-Expert", knows=[5])
    _expert("Owen-Expert")
    _expert("Nadia-Expert", knows=[5], mentoring=False)
    conflicted = _expert("Craig-Expert", knows=[5])
    conflict_declare(
        person=conflicted, organisation_name="ardlarich council", reason="Former employer", by=conflicted
    )
    manager = login(cast.review_manager)
    page = manager.get(_find_url(cast, asked)).text
    assert page.index("Isla-Expert") < page.index("Owen-Expert")
    assert "Nadia-Expert" not in page
    assert "Craig-Expert" not in page
    assert manager.post(_find_url(cast, asked), {"mentor": best.pk}).status_code == 302
    match = MentoringMatch.objects.get()
    assert (match.mentor, match.status) == (best, MatchStatus.PROPOSED)
    assert SupportRequest.objects.get().status == SupportStatus.IN_PROGRESS
    told = Notification.objects.get(user=best, subject__startswith="Will you mentor")
    assert told.url == reverse("mentoring", args=[match.pk])
    assert "Help refresh our training needs analysis." in login(best).get(told.url).text


def test_an_accepted_match_introduces_both_sides_and_records_its_outcome(cast, asked, login):
    expert = _expert("Isla-Expert", knows=[5])
    match = MentoringMatch.objects.create(support=asked, mentor=expert, proposed_by=cast.review_manager)
    mail.outbox.clear()
    assert login(expert).post(reverse("mentoring", args=[match.pk]), {"answer": "accept"}).status_code == 302
    introductions = {m.to[0]: m.body for m in mail.outbox if "mentor" in m.subject.lower()}
    assert "isla-expert@experts.example.org" in introductions[cast.spoc.email]
    assert cast.spoc.email in introductions["isla-expert@experts.example.org"]
    assert Notification.objects.filter(user=cast.spoc, subject__startswith="Your mentor").exists()
    assert Notification.objects.filter(
        user=cast.review_manager, subject__startswith="Mentoring accepted"
    ).exists()
    support_page = reverse("support", args=[cast.review.reference])
    assert "Isla-Expert" in login(cast.spoc).get(support_page).text
    outcome = reverse("support_outcome", args=[cast.review.reference, match.pk])
    data = {f"o{asked.pk}-outcome": "The training needs analysis was refreshed."}
    assert login(cast.review_manager).post(outcome, data).status_code == 302
    assert MentoringMatch.objects.get().outcome == "The training needs analysis was refreshed."
    assert "The training needs analysis was refreshed." in login(cast.spoc).get(support_page).text


def test_the_council_does_not_see_who_was_asked_until_they_accept(cast, asked, login):
    expert = _expert("Isla-Expert", knows=[5])
    MentoringMatch.objects.create(support=asked, mentor=expert, proposed_by=cast.review_manager)
    support_page = reverse("support", args=[cast.review.reference])
    assert "Isla-Expert" not in login(cast.spoc).get(support_page).text
    assert "Isla-Expert" in login(cast.review_manager).get(support_page).text


def test_only_the_mentor_asked_reads_the_request(cast, asked, login):
    expert = _expert("Isla-Expert", knows=[5])
    match = MentoringMatch.objects.create(support=asked, mentor=expert, proposed_by=cast.review_manager)
    url = reverse("mentoring", args=[match.pk])
    for person in (cast.spoc, cast.review_manager, cast.peer_elsewhere, _expert("Owen-Expert")):
        assert login(person).get(url).status_code == 404
    assert login(expert).get(url).status_code == 200


def test_a_decline_makes_way_for_another_and_the_decliner_is_not_suggested_again(cast, asked, login):
    first, second = _expert("Isla-Expert", knows=[5]), _expert("Owen-Expert")
    manager = login(cast.review_manager)
    manager.post(_find_url(cast, asked), {"mentor": first.pk})
    again = manager.post(_find_url(cast, asked), {"mentor": second.pk}, follow=True)
    assert "This request has a mentor asked or agreed already" in again.text
    match = MentoringMatch.objects.get()
    mentor = login(first)
    assert mentor.post(reverse("mentoring", args=[match.pk]), {"answer": "decline"}).status_code == 302
    assert mentor.post(reverse("mentoring", args=[match.pk]), {"answer": "accept"}).status_code == 403
    assert Notification.objects.filter(
        user=cast.review_manager, subject__startswith="Mentoring declined"
    ).exists()
    page = login(cast.review_manager).get(_find_url(cast, asked)).text
    assert "Owen-Expert" in page
    assert 'Ask to mentor<span class="govuk-visually-hidden"> Isla-Expert' not in page
    assert manager.post(_find_url(cast, asked), {"mentor": second.pk}).status_code == 302
    assert MentoringMatch.objects.filter(mentor=second, status=MatchStatus.PROPOSED).exists()


@pytest.mark.parametrize(
    ("make", "refusal"),
    [
        (
            lambda: _expert("Nadia-Expert", mentoring=False),
            "Nadia-Expert has not agreed to be approached for mentoring",
        ),
        (lambda: _expert("Gill", organisation="Ardlarich Council"), "Gill works at Ardlarich Council"),
    ],
)
def test_someone_who_may_not_mentor_is_refused_by_name(cast, asked, login, make, refusal):
    person = make()
    response = login(cast.review_manager).post(_find_url(cast, asked), {"mentor": person.pk}, follow=True)
    assert refusal in response.text.replace("&#x27;", "'")
    assert not MentoringMatch.objects.exists()


def test_a_declared_conflict_refuses_a_mentor(cast, asked, login):
    person = _expert("Craig-Expert")
    conflict_declare(
        person=person, organisation_name="ARDLARICH  Council", reason="Former employer", by=person
    )
    response = login(cast.review_manager).post(_find_url(cast, asked), {"mentor": person.pk}, follow=True)
    assert "Craig-Expert has declared a conflict of interest with Ardlarich Council" in response.text
    assert not MentoringMatch.objects.exists()


def test_a_closed_review_takes_no_answer(cast, asked, login):
    expert = _expert("Isla-Expert")
    match = MentoringMatch.objects.create(support=asked, mentor=expert, proposed_by=cast.review_manager)
    bring_to(cast.review, "closed", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer)
    mentor = login(expert)
    assert "can no longer be answered" in mentor.get(reverse("mentoring", args=[match.pk])).text
    assert mentor.post(reverse("mentoring", args=[match.pk]), {"answer": "accept"}).status_code == 403
    assert MentoringMatch.objects.get().status == MatchStatus.PROPOSED
