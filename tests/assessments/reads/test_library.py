"""Learning across the programme: the council's consent to share, the good-practice library (only
consented findings, in published wording, from the latest version), and search across reviews
(nothing its user could not open)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models.signals import post_init
from django.urls import reverse
from django.utils.html import escape

from assessments.models import (
    Finding,
    FindingKind,
    PublishedFinding,
    Report,
    Review,
    SharingConsent,
    SpocContact,
)
from assessments.reads.library import search, shared_good_practice
from assessments.services.findings import finding_create
from assessments.services.sharing import sharing_set
from assessments.views.library import PAGE_SIZE, SEARCH_FIRST
from peerreview.audit.models import AuditEvent
from reports.publishing import steps as report_services
from tests.factories import ReviewFactory, UserFactory
from tests.lifecycle import bring_to, reword

SHARED = "The council's Prevent lead chairs the local CONTEST group."
KEPT_BACK = "Schools share Prevent referrals through one named officer."


@pytest.fixture
def people(cast):
    return {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}


@pytest.fixture
def checking(cast, people):
    """The cast's review with two good-practice findings, its draft out for the council's check."""
    bring_to(cast.review, "s4", **people)
    area = cast.review.framework.areas.order_by("position").first()
    for text in (SHARED, KEPT_BACK):
        finding_create(
            review=cast.review,
            area=area,
            kind=FindingKind.GOOD_PRACTICE,
            aspects=[1, 3],
            lines_of_enquiry=[],
            text=text,
            by=cast.lead_peer,
        )
    return bring_to(cast.review, "s5_checking", start="s4", **people)


@pytest.fixture
def published(checking, people):
    """The same review, its first version published: the council chooses from that wording."""
    return bring_to(checking, "s5_published", start="s5_checking", **people)


def _share(cast, review, *texts, contactable=False, by=None):
    findings = Finding.objects.filter(review=review, kind=FindingKind.GOOD_PRACTICE)
    sharing_set(
        review=review,
        shared=[f.pk for f in findings if f.text in texts],
        shown=[f.pk for f in findings],
        contactable=contactable,
        by=by or cast.spoc,
    )


def _library(**filters) -> list[str]:
    return [item.text for item in shared_good_practice(**filters)]


def test_nothing_is_shared_by_default_nor_chosen_before_publication(cast, checking):
    assert _library() == []
    with pytest.raises(ValidationError, match="once the report is published"):
        _share(cast, checking, SHARED)  # the council reads the draft to check it, not to share it
    assert not SharingConsent.objects.exists()


def test_only_consented_findings_in_their_published_wording_appear(cast, published, people):
    review = published
    assert _library() == []  # published, but nothing chosen
    _share(cast, review, SHARED, contactable=True)
    assert _library() == [SHARED]
    # A new draft rewords it: the library keeps the published wording until a new version.
    bring_to(review, "s5_new_draft", start="s5_published", **people)
    reword(Finding.objects.get(text=SHARED), "Reworded in the team's draft.", by=cast.lead_peer)
    assert _library() == [SHARED]
    assert AuditEvent.objects.filter(object_type="assessments.SharingConsent", kind="create").count() == 1


def test_a_new_published_version_replaces_the_wording_in_the_library(cast, published, people):
    """The library reads each review's newest version alone: version 2's wording, once."""
    _share(cast, published, SHARED)
    review = bring_to(published, "s5_new_draft", start="s5_published", **people)
    reword(Finding.objects.get(text=SHARED), "Reworded in version two.", by=cast.lead_peer)
    review = Review.objects.get(pk=review.pk)
    report_services.report_send_for_checking(review=review, by=cast.review_manager)
    report_services.report_check_finish(review=review, by=cast.spoc)
    report_services.report_publish(review=review, by=cast.review_manager)
    assert review.report.versions.count() == 2
    assert _library() == ["Reworded in version two."]


def test_withdrawing_consent_takes_it_out(cast, published):
    _share(cast, published, SHARED, KEPT_BACK)
    assert sorted(_library()) == sorted([SHARED, KEPT_BACK])
    _share(cast, published, SHARED)
    assert _library() == [SHARED]
    assert AuditEvent.objects.filter(object_type="assessments.SharingConsent", kind="delete").count() == 1


def test_only_the_council_s_contacts_choose_and_only_once_published(cast, published):
    with pytest.raises(ValidationError):
        _share(cast, published, SHARED, by=cast.lead_peer)
    with pytest.raises(ValidationError):
        _share(cast, published, SHARED, by=cast.senior)
    _share(cast, published, SHARED, by=cast.deputy)
    assert SharingConsent.objects.count() == 1


def test_filters_by_area_aspect_year_and_words(cast, published):
    review = published
    _share(cast, review, SHARED)
    area = review.framework.areas.order_by("position").first()
    year = review.report.published_on.year
    assert _library(area=area.key, aspect=3, year=year, words="contest chairs") == [SHARED]
    assert _library(area="not-an-area") == []
    assert _library(aspect=9) == []
    assert _library(year=year - 1) == []
    assert _library(words="referrals") == []  # in a finding not shared


def test_the_library_page_is_the_same_for_every_role_and_asks_the_spoc_only_if_agreed(cast, published, login):
    _share(cast, published, SHARED)
    url = reverse("good_practice")
    for user in (cast.other_spoc, cast.peer_elsewhere, cast.senior, cast.spoc, cast.review_manager):
        page = login(user).get(url).text
        assert escape(SHARED) in page, user
        assert escape(KEPT_BACK) not in page, user
        assert "mailto:" not in page, user
    assert login(UserFactory()).get(url).status_code == 404  # no role anywhere
    _share(cast, published, SHARED, contactable=True)
    assert f"mailto:{cast.spoc.email}" in login(cast.other_spoc).get(url).text


def _shared_elsewhere(cast, area, *texts: str, aspects: tuple[int, ...] = (), contact=None) -> None:
    """Good practice of another review of the host, each of ``texts`` a finding, published
    (once: each publication renders a PDF) and shared; its SPOC, ``contact``, agrees to be asked
    about it if given."""
    other = ReviewFactory(host=cast.host)
    kind = FindingKind.GOOD_PRACTICE
    for text in texts:
        finding = Finding.objects.create(review=other, area=area, kind=kind, text=text, aspects=list(aspects))
        SharingConsent.objects.create(finding=finding)
    if contact is not None:
        SpocContact.objects.create(review=other, user=contact)
    report_services.report_version_store(report=Report.objects.get_or_create(review=other)[0], by=None)


def test_the_library_query_count_stays_flat_with_ten_times_the_reviews(
    cast, published, login, django_assert_max_num_queries
):
    checking = published
    _share(cast, published, SHARED, contactable=True)
    client = login(cast.other_spoc)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("good_practice"))
    for _ in range(9):
        _shared_elsewhere(cast, checking.framework.areas.first(), "More practice.", contact=cast.spoc)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("good_practice")).text
    assert page.count("More practice.") == 9


def test_the_newest_report_comes_first_and_of_a_day_s_the_latest_review_s(cast, published):
    """Newest report first; of reports published the same day, the review set up last first
    (the order the database walks by an index); each report's findings in its own order."""
    area = published.framework.areas.first()
    for texts, published_on in (
        (("Older, first.", "Older, second."), datetime.date(2024, 3, 1)),
        (("Same day, set up first.",), datetime.date(2025, 6, 1)),
        (("Same day, set up last.",), datetime.date(2025, 6, 1)),
    ):
        _shared_elsewhere(cast, area, *texts)
        review = Finding.objects.get(text=texts[0]).review
        Report.objects.filter(review=review).update(published_on=published_on)
    newest_first = ["Same day, set up last.", "Same day, set up first.", "Older, first.", "Older, second."]
    assert _library() == newest_first


def test_an_aspect_is_matched_as_a_whole_number_in_the_list(cast, published):
    area = published.framework.areas.first()
    _shared_elsewhere(cast, area, "Twelve and one.", aspects=(12, 1))
    _shared_elsewhere(cast, area, "Twenty-one.", aspects=(21,))
    assert sorted(_library(aspect=1)) == ["Twelve and one."]
    assert _library(aspect=2) == []
    assert _library(aspect=12) == ["Twelve and one."]
    assert _library(aspect=21) == ["Twenty-one."]


def test_a_page_of_the_library_reads_that_page_alone(cast, published, login):
    """However much the programme shares, a page loads its own findings, not every one."""
    area = published.framework.areas.first()
    _shared_elsewhere(cast, area, *(f"Practice {number}." for number in range(PAGE_SIZE + 5)), aspects=(2,))
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance.pk)

    client = login(cast.other_spoc)
    post_init.connect(count, sender=PublishedFinding)
    try:
        first = client.get(reverse("good_practice")).text
        second = client.get(reverse("good_practice"), {"page": 2}).text
    finally:
        post_init.disconnect(count, sender=PublishedFinding)
    assert len(loaded) == PAGE_SIZE + 5  # each page its own: 20, then 5
    assert first.count("Practice ") == PAGE_SIZE
    assert second.count("Practice ") == 5
    assert f"{PAGE_SIZE + 5} pieces of good practice" in first  # all of them, counted in the database


def test_search_finds_only_what_its_user_could_open(cast, checking, people):
    words = "CONTEST"
    assert [f.text for f in search(cast.review_manager, words).findings] == [SHARED]
    assert [f.text for f in search(cast.lead_peer, words).findings] == [SHARED]
    assert not search(cast.peer_elsewhere, words).findings.exists()  # another review's team
    assert not search(cast.spoc, words).findings.exists()  # the team's draft is not the council's
    assert not search(cast.other_spoc, "Ardlarich").reviews.exists()
    assert [r.reference for r in search(cast.spoc, "Ardlarich").reviews] == [cast.review.reference]


def test_the_search_page(cast, checking, login, django_assert_max_num_queries):
    client = login(cast.review_manager)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("search"), {"q": "contest"}).text
    assert escape(SHARED) in page
    assert "Enter the words to search for" in client.get(reverse("search"), {"q": ""}).text


def test_the_council_chooses_on_its_own_page(cast, published, login, check_access):
    url = reverse("good_practice_sharing", args=[cast.review.reference])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.spoc)
    finding = Finding.objects.get(text=SHARED)
    other = Finding.objects.get(text=KEPT_BACK)
    response = login(cast.spoc).post(url, {"shared": [str(finding.pk)], "contactable": "on"}, follow=True)
    assert "Your council shares 1 piece of good practice." in response.text
    assert hasattr(Finding.objects.get(pk=finding.pk), "sharing_consent")
    assert not SharingConsent.objects.filter(finding=other).exists()
    assert SpocContact.objects.get(review=cast.review).user == cast.spoc


def test_the_sharing_page_offers_the_published_wording_never_the_team_s_new_draft(
    cast, published, people, login
):
    """F1 of the security probe, as found: version 1 published, the lead peer rewording a
    finding and adding good practice for version 2."""
    review = bring_to(published, "s5_new_draft", start="s5_published", **people)
    reworded = "The lead peer's rewording for version two."
    reword(Finding.objects.get(text=SHARED), reworded, by=cast.lead_peer)
    added = finding_create(
        review=review,
        area=review.framework.areas.order_by("position").first(),
        kind=FindingKind.GOOD_PRACTICE,
        aspects=[2],
        lines_of_enquiry=[],
        text="Good practice the team has not published.",
        by=cast.lead_peer,
    )
    url = reverse("good_practice_sharing", args=[review.reference])
    for user in (cast.spoc, cast.deputy):
        page = login(user).get(url).text
        assert escape(SHARED) in page, user
        assert escape(KEPT_BACK) in page, user
        assert escape(reworded) not in page, user
        assert escape(added.text) not in page, user
    response = login(cast.spoc).post(url, {"shared": [str(added.pk)]})
    assert "Select a valid choice" in response.text
    with pytest.raises(ValidationError, match="Choose only good practice"):
        sharing_set(review=review, shared=[added.pk], shown=[added.pk], contactable=False, by=cast.spoc)
    assert not SharingConsent.objects.exists()


def test_reviewers_reach_the_library_beside_the_aspects_they_write_about(cast, checking, login):
    page = login(cast.lead_peer).get(reverse("findings", args=[cast.review.reference])).text
    area = cast.review.framework.areas.order_by("position").first()
    assert f'href="/good-practice/?area={area.key}"' in page
    assert 'href="/good-practice/?aspect=3"' in page


def test_the_search_page_query_count_stays_flat_with_ten_times_the_reviews(
    cast, checking, login, django_assert_max_num_queries
):
    from assessments.models import Action, SupportRequest

    client = login(cast.review_manager)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("search"), {"q": "council"})
    area = checking.framework.areas.first()
    for _ in range(10):
        other = ReviewFactory(host=cast.host)
        finding = Finding.objects.create(
            review=other, area=area, kind="improvement", text="The council acts."
        )
        Action.objects.create(
            finding=finding, description="The council trains staff.", owner="SPOC", due="2027-01-01"
        )
        SupportRequest.objects.create(
            review=other, kind="mentoring", description="The council asks.", requested_by=cast.spoc
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("search"), {"q": "council"}).text
    assert page.count("The council trains staff.") == SEARCH_FIRST
    assert "All 10 actions" in page
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("search"), {"q": "council", "kind": "actions"}).text
    assert page.count("The council trains staff.") == 10


def test_search_looks_in_one_kind_when_asked(cast, checking, login):
    client = login(cast.review_manager)
    page = client.get(reverse("search"), {"q": "contest", "kind": "findings"}).text
    assert escape(SHARED) in page
    assert "1 result in findings" in page
    refused = client.get(reverse("search"), {"q": "contest", "kind": "interview notes"}).text
    assert "Choose where to look from the list" in refused
