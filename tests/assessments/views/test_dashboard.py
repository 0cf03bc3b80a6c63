import pytest
from django.urls import reverse

from assessments.models import AspectResponse, SelfAssessment
from tests.factories import ReviewFactory, ReviewPersonFactory, UserFactory

URL = reverse("dashboard")


def test_it_sends_anonymous_users_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("spoc", "ardlarich-2025", "glenbrae-2025"),
        ("senior", "ardlarich-2025", "glenbrae-2025"),
        ("peer", "ardlarich-2025", "glenbrae-2025"),
        ("other_spoc", "glenbrae-2025", "ardlarich-2025"),
    ],
)
def test_it_lists_only_the_users_reviews(cast, login, who, shown, hidden):
    response = login(getattr(cast, who)).get(URL)
    assert response.status_code == 200
    assert shown in response.text
    assert hidden not in response.text


def test_a_review_manager_sees_every_review(cast, login):
    response = login(cast.review_manager).get(URL)
    assert "ardlarich-2025" in response.text
    assert "glenbrae-2025" in response.text


def test_it_shows_self_assessment_progress(cast, login):
    sa = SelfAssessment.objects.create(review=cast.review)
    framework = cast.review.framework
    rating = framework.rating_levels.first()
    for aspect in framework.aspects.all()[:9]:
        AspectResponse.objects.create(self_assessment=sa, aspect=aspect, rating=rating, narrative="Done")
    # Rated but not described is not complete.
    AspectResponse.objects.create(self_assessment=sa, aspect=framework.aspects.get(number=10), rating=rating)
    response = login(cast.spoc).get(URL)
    assert "9 of 14 aspects complete" in response.text


def test_it_explains_an_empty_list(db, login):
    response = login(UserFactory()).get(URL)
    assert "You do not have a role on any review yet" in response.text


def test_it_explains_an_empty_list_to_a_review_manager(db, login):
    response = login(UserFactory(is_review_manager=True)).get(URL)
    assert "There are no reviews yet" in response.text


def test_its_query_count_does_not_grow_with_reviews(db, login, django_assert_max_num_queries):
    manager = UserFactory(is_review_manager=True)
    client = login(manager)
    # Session, user, the authenticator app that verified the session, the page of reviews with
    # progress (a list that fits on one page needs no count), for "what needs you" the person's
    # roles and one query for each of the manager's five kinds of work; plus the session's save
    # on every request (idle timeout), in a savepoint of its own.
    with django_assert_max_num_queries(13) as few:
        client.get(URL)
    baseline = len(few.captured_queries)  # read now: each request resets the query log
    for _ in range(12):
        ReviewPersonFactory(review=ReviewFactory(), user=UserFactory(), role="spoc")
    with django_assert_max_num_queries(baseline):
        response = client.get(URL)
    listed = response.text.split('<h2 class="govuk-heading-m">Reviews')[1]
    assert listed.count('href="/reviews/test-council-') == 12


def _names(response) -> list[str]:
    import re

    return [name for name in re.findall(r'href="/reviews/([a-z0-9-]+)/"', response.text) if name != "new"]


def test_the_list_is_searched_filtered_and_sorted(db, login):
    """Issue 14, item 14: by council or reference, stage and year, in an order; two reviews of
    one council told apart by year."""
    import datetime

    from assessments.models import Review
    from tests.factories import OrganisationFactory

    ardlarich, glenbrae = (
        OrganisationFactory(name="Ardlarich Council"),
        OrganisationFactory(name="Glenbrae Council"),
    )
    for reference, host, year in (
        ("ardlarich-2025", ardlarich, 2025),
        ("ardlarich-2027", ardlarich, 2027),
        ("glenbrae-2026", glenbrae, 2026),
    ):
        ReviewFactory(reference=reference, host=host, on_site_start=datetime.date(year, 5, 1))
    Review.objects.filter(reference="glenbrae-2026").update(stage="report")
    client = login(UserFactory(is_review_manager=True))
    everything = client.get(URL)
    assert _names(everything) == ["ardlarich-2027", "glenbrae-2026", "ardlarich-2025"]
    assert "Ardlarich Council 2025" in everything.text
    assert "Ardlarich Council 2027" in everything.text
    assert _names(client.get(URL, {"q": "ardl"})) == ["ardlarich-2027", "ardlarich-2025"]
    assert _names(client.get(URL, {"q": "2026"})) == ["glenbrae-2026"]
    assert _names(client.get(URL, {"stage": "report"})) == ["glenbrae-2026"]
    assert _names(client.get(URL, {"year": "2025"})) == ["ardlarich-2025"]
    assert _names(client.get(URL, {"sort": "council"})) == [
        "ardlarich-2027",
        "ardlarich-2025",
        "glenbrae-2026",
    ]
    assert _names(client.get(URL, {"sort": "stage"}))[-1] == "glenbrae-2026"
    none = client.get(URL, {"q": "nowhere"})
    assert "No reviews match these choices." in none.text
    assert "There are no reviews yet" not in none.text
    bad = client.get(URL, {"year": "twenty"})
    assert "Enter the year as 4 digits, like 2026" in bad.text
    assert len(_names(bad)) == 3


def test_searching_never_shows_a_review_the_user_may_not_see(cast, login):
    response = login(cast.spoc).get(URL, {"q": "glenbrae"})
    assert _names(response) == []
    assert "No reviews match these choices." in response.text


def test_the_list_is_paged_keeping_the_choices_and_flat_in_queries(db, login, django_assert_max_num_queries):
    manager = UserFactory(is_review_manager=True)
    for number in range(30):
        ReviewFactory(reference=f"glenbrae-{2000 + number}")
    client = login(manager)
    first = client.get(URL, {"q": "glenbrae", "sort": "council"})
    assert len(_names(first)) == 25
    assert "Reviews you can see, 1 to 25 of 30" in first.text
    assert 'href="?q=glenbrae&amp;sort=council&amp;page=2"' in first.text  # the choices are kept
    with django_assert_max_num_queries(12) as counted:
        second = client.get(URL, {"q": "glenbrae", "sort": "council", "page": "2"})
    assert len(_names(second)) == 5
    assert set(_names(first)).isdisjoint(_names(second))
    assert 'aria-current="page">2<' in second.text
    for _ in range(30):
        ReviewFactory(reference=f"glenbrae-x{ReviewFactory._meta.model.objects.count()}")
    with django_assert_max_num_queries(len(counted.captured_queries)):
        assert len(_names(client.get(URL, {"q": "glenbrae", "sort": "council", "page": "2"}))) == 25
    assert len(_names(client.get(URL, {"page": "99"}))) == 10  # past the end: the last page


def test_what_needs_you_shows_the_first_few_of_each_kind_and_a_page_of_all(db, login):
    manager = UserFactory(is_review_manager=True)
    for _ in range(12):  # no team yet: each has one to build
        SelfAssessment.objects.create(review=ReviewFactory(), submitted_on="2025-02-14")
    client = login(manager)
    page = client.get(URL).text
    teams = page.split('id="needs-team"')[1].split("</ul>")[0]
    assert teams.count("<li ") == 3
    assert "See all 12" in page
    assert "(9 more)" in page
    everything = client.get(reverse("needs", args=["team"])).text
    assert everything.count("Build the team: add a lead peer and a review manager") == 12
    assert "See all" not in everything
