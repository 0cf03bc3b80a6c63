"""The national overview, for the programme's review managers: reviews by stage, ratings by
aspect, improvements by area and overdue actions by council, aggregated however many reviews."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from assessments.exchange import import_review
from assessments.models import Action, Finding, Framework, SelfAssessment
from assessments.reads.overview import (
    improvements_by_area,
    overdue_by_council,
    ratings_by_aspect,
    reviews_by_stage,
)
from tests.assessments.exchange.documents import demo_document
from tests.two_factor import force_login


def test_overview_figures_on_known_data(db):
    import_review(demo_document("ardlarich-2025"))
    import_review(demo_document("ardlarich-2027"))
    stages = {bar.label: bar.value for bar in reviews_by_stage()}
    assert (stages["Stage 1: Self-Assessment"], stages["Stage 6: Follow-up support"], stages["Closed"]) == (
        1,
        1,
        0,
    )
    levels, rows = ratings_by_aspect()
    assert levels == ["Not started", "Developing", "Established", "Embedded"]
    aspect_1 = next(row for row in rows if row["aspect"] == 1)
    # Only the submitted 2025 answers count; the 2027 review's are still being written (issue 14,
    # item 11), so its "Embedded" is not among them until it is submitted.
    assert aspect_1["counts"] == [0, 0, 1, 0]
    assert aspect_1["total"] == 1
    SelfAssessment.objects.filter(review__reference="ardlarich-2027").update(
        submitted_on=datetime.date(2027, 2, 1)
    )
    aspect_1 = next(row for row in ratings_by_aspect()[1] if row["aspect"] == 1)
    assert aspect_1["counts"] == [0, 0, 1, 1]
    assert aspect_1["total"] == 2
    areas = {bar.label: bar.value for bar in improvements_by_area()}
    assert areas == {"Leadership": 2, "Capabilities": 3, "Partnership": 1, "Information Sharing": 2}
    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)):
        # Due 31 December 2025 (in progress) and 31 March 2026 (not started) are overdue; the done one is not.
        bars, others = overdue_by_council()
        assert [(bar.label, bar.value) for bar in bars] == [("Ardlarich Council", 2)]
        assert others is None


@pytest.mark.parametrize("name", ["overview", "overview_csv"])
def test_the_overview_is_not_found_for_anyone_but_review_managers(cast, client, name):
    url = reverse(name)
    assert client.get(url).status_code == 302
    for user in (cast.spoc, cast.senior, cast.lead_peer, cast.peer, cast.other_spoc):
        force_login(client, user)
        assert client.get(url).status_code == 404
    force_login(client, cast.review_manager)
    assert client.get(url).status_code == 200


def test_the_overview_query_count_is_flat_as_reviews_grow(db, login, django_assert_max_num_queries):
    from tests.factories import UserFactory

    client = login(UserFactory(is_review_manager=True))
    import_review(demo_document("ardlarich-2025"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("overview"))
    baseline = len(few.captured_queries)  # read now: each request resets the query log
    for n in range(5):
        document = demo_document("ardlarich-2025")
        document["review"]["reference"] = f"copy-{n}"
        document["review"]["host"]["name"] = f"Copy Council {n}"
        for person in document["review"]["team"] + document["review"]["contacts"]:
            person.pop("email", None)
        import_review(document)
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("overview"))
    assert "Copy Council 4" in response.text


def test_the_overview_charts_the_ten_councils_most_overdue_and_pages_open_support(
    db, login, django_assert_max_num_queries
):
    from assessments.models import SupportRequest
    from tests.factories import ReviewFactory, UserFactory

    manager = UserFactory(is_review_manager=True)
    client = login(manager)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("overview"))
    area = Framework.objects.get(key="prevent-scotland-2019").areas.first()
    for number in range(12):  # council n has n + 1 overdue actions
        review = ReviewFactory(host__name=f"Overdue Council {number:02}")
        finding = Finding.objects.create(review=review, area=area, kind="improvement", text="Train staff.")
        for _ in range(number + 1):
            Action.objects.create(
                finding=finding, description="Train.", owner="SPOC", due=datetime.date(2020, 1, 1)
            )
        for _ in range(3):
            SupportRequest.objects.create(
                review=review, kind="mentoring", description="Help.", requested_by=manager
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("overview")).text
    charted = page.split("Overdue actions by council</h2>")[1].split("<h2")[0]
    assert "Overdue Council 11" in charted
    assert "Overdue Council 02" in charted
    assert "Overdue Council 01" not in charted  # the two with fewest are summed
    assert "2 other councils have 3 more between them" in charted
    support = page.split("Open requests for support")[1]
    assert support.count("<li><a") == 25  # of 36, oldest first
    second = client.get(reverse("overview"), {"page": "2"}).text.split("Open requests for support")[1]
    assert second.count("<li><a") == 11
    assert 'aria-current="page">2<' in second
    csv = client.get(reverse("overview_csv")).text
    assert "Overdue Council 01" in csv  # the file lists every council
