"""count_per: how many related rows each row has, counted in the database."""

from django.db.models import OuterRef

from assessments.models import Review, ReviewPerson, count_per
from tests.factories import ReviewFactory, ReviewPersonFactory


def _counted(rows, **options) -> dict[str, int]:
    reviews = Review.objects.annotate(n=count_per(rows, "review", **options))
    return dict(reviews.values_list("reference", "n"))


def _team_of_three_and_an_empty_review() -> tuple[Review, Review]:
    busy, empty = ReviewFactory(), ReviewFactory()
    for name in ("Ailsa", "Bryce", "Catriona"):
        ReviewPersonFactory(review=busy, name=name)
    return busy, empty


def test_each_row_gets_its_own_count_and_none_is_zero(db):
    busy, empty = _team_of_three_and_an_empty_review()
    # Ordered rows: grouped on their order too, they would count one person at a time.
    people = ReviewPerson.objects.order_by("name").filter(review=OuterRef("pk"))
    assert _counted(people) == {busy.reference: 3, empty.reference: 0}


def test_distinct_counts_a_row_once_however_many_rows_it_joins(db):
    busy, empty = _team_of_three_and_an_empty_review()
    # Each person joins the three people of their review: nine rows, three people.
    joined = ReviewPerson.objects.filter(review=OuterRef("pk"), review__people__isnull=False)
    assert _counted(joined)[busy.reference] == 9
    assert _counted(joined, distinct=True) == {busy.reference: 3, empty.reference: 0}
