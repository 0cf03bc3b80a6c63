"""The isolation crawl: people of other councils, and a peer on another review, open every page
that takes no review and every page of their own review, and searches for the words of what
they may not read. None of it may appear: a finding its council did not share, the team's
draft wording, a council's feedback."""

import pytest
from django.urls import reverse

from assessments.models import Finding, FindingKind, ReviewFeedback, SharingConsent
from tests.lifecycle import bring_to
from tests.test_authorization_matrix import MATRIX

SHARED = "Zanzibar partnership breakfasts bring schools and police together."
UNSHARED = "Quixotic referral pathway kept within the council."
DRAFTED = "Xylophone rewording the team is still drafting."
ADDED_IN_DRAFT = "Yodelling good practice the team added after publishing."
FEEDBACK = "Juxtaposed timetable made the visit hard."


@pytest.fixture
def published(cast):
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    bring_to(cast.review, "s4", **people)
    area = cast.review.framework.areas.order_by("position").first()
    shared = Finding.objects.create(
        review=cast.review, area=area, kind=FindingKind.GOOD_PRACTICE, text=SHARED
    )
    Finding.objects.create(review=cast.review, area=area, kind=FindingKind.GOOD_PRACTICE, text=UNSHARED)
    SharingConsent.objects.create(finding=shared, given_by=cast.spoc)
    review = bring_to(cast.review, "s5_published", start="s4", **people)
    review = bring_to(review, "s5_new_draft", start="s5_published", **people)
    Finding.objects.filter(pk=shared.pk).update(text=DRAFTED)  # the team rewords it for version 2
    Finding.objects.create(review=review, area=area, kind=FindingKind.GOOD_PRACTICE, text=ADDED_IN_DRAFT)
    ReviewFeedback.objects.create(review=review, respondent=cast.spoc, ratings={}, to_change=FEEDBACK)
    return review


def _pages(user_review_reference: str, secrets=(SHARED, UNSHARED, DRAFTED, FEEDBACK)) -> list[str]:
    urls = []
    for name, (method, arguments, *_rest) in MATRIX.items():
        if method != "get" or name.startswith("accounts:"):
            continue
        if not arguments:
            urls.append(reverse(name))
        elif arguments == ["ref"]:
            urls.append(reverse(name, args=[user_review_reference]))
    words = " ".join(text.split()[0] for text in secrets)
    for word in words.split():
        urls += [f"{reverse('search')}?q={word}", f"{reverse('good_practice')}?words={word}"]
    return urls


@pytest.mark.parametrize("who", ["other_spoc", "peer_elsewhere"])
def test_nothing_unshared_drafted_or_given_in_confidence_reaches_another_council(published, cast, login, who):
    user = getattr(cast, who)
    client = login(user)
    seen = []
    for url in _pages(cast.other_review.reference):
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            seen.append(url)
            body = response.content.decode()
            for secret in (UNSHARED, DRAFTED, FEEDBACK):
                # The whole sentence: a search page shows back the word searched for.
                assert secret.split(maxsplit=1)[1] not in body, f"{url} shows “{secret}” to {who}"
    assert len(seen) > 20, "the crawl reached the pages"
    library = client.get(reverse("good_practice")).content.decode()
    assert SHARED in library  # the published wording of what was shared


@pytest.mark.parametrize("who", ["spoc", "deputy", "senior"])
def test_the_council_reads_only_published_wording_while_the_team_drafts_a_new_version(
    published, cast, login, who
):
    """F1 of the security probe: version 1 published, version 2 in draft. Every page of the
    council's own review (the good-practice sharing page among them) and every page outside it
    shows the published wording, never the team's rewording nor a finding added since."""
    client = login(getattr(cast, who))
    seen = []
    for url in _pages(published.reference, secrets=(DRAFTED, ADDED_IN_DRAFT)):
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            seen.append(url)
            body = response.content.decode()
            for secret in (DRAFTED, ADDED_IN_DRAFT):
                assert secret.split(maxsplit=1)[1] not in body, f"{url} shows “{secret}” to the {who}"
    assert len(seen) > (12 if who == "senior" else 20), "the crawl reached the pages"
    if who != "senior":  # the SPOC and deputy choose what to share, from the published wording
        sharing = reverse("good_practice_sharing", args=[published.reference])
        assert sharing in seen
        assert SHARED in client.get(sharing).content.decode()
