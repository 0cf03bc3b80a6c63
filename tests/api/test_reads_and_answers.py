"""The reads each role makes, and a SPOC's script changing an answer as the SPOC would on its
page: with the answer's ETag, refused when stale, with its mistakes named."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import AspectResponse
from tests.factories import ReviewFactory


def _answer(review, aspect):
    return f"/api/v1/reviews/{review.reference}/self-assessment/{aspect}/"


def test_a_spoc_answers_an_aspect_naming_its_version(cast, script):
    caller = script(cast.spoc)
    read = caller.get(f"/api/v1/reviews/{cast.review.reference}/self-assessment/").json()
    first = next(answer for answer in read["answers"] if answer["aspect"] == 3)
    assert first["etag"] == '"answer.3.0"'
    assert first["rating"] is None
    key = next(iter(read["rating_levels"]))
    saved = caller.put(
        _answer(cast.review, 3),
        {"rating": key, "narrative": "  Refreshed each year.  "},
        **{"If-Match": first["etag"]},
    )
    assert saved.status_code == 200
    assert saved.json()["narrative"] == "Refreshed each year."
    assert saved["ETag"] == '"answer.3.1"'
    stored = AspectResponse.objects.get(aspect__number=3, self_assessment__review=cast.review)
    assert (stored.rating.key, stored.updated_by) == (key, cast.spoc)
    stale = caller.put(
        _answer(cast.review, 3), {"rating": None, "narrative": ""}, **{"If-Match": first["etag"]}
    )
    assert stale.status_code == 412
    assert stale.json()["etag"] == '"answer.3.1"'
    assert AspectResponse.objects.get(pk=stored.pk).narrative == "Refreshed each year."


def test_an_answer_with_mistakes_is_refused_saying_what_is_wrong(cast, script):
    caller = script(cast.spoc)
    refused = caller.put(
        _answer(cast.review, 3), {"rating": "brilliant", "narrative": 7}, **{"If-Match": '"answer.3.0"'}
    )
    assert refused.status_code == 400
    body = refused.json()
    assert body["title"] == "Bad Request"
    assert set(body["errors"]) == {"rating", "narrative"}
    assert not AspectResponse.objects.exists()
    missing = caller.put(
        _answer(cast.review, 99), {"rating": None, "narrative": ""}, **{"If-Match": '"answer.99.0"'}
    )
    assert missing.status_code == 404
    assert "no aspect 99" in missing.json()["detail"]


@pytest.mark.parametrize("padding", [" ", "\x1f"])  # the second, white space to Python alone
def test_text_longer_than_the_document_allows_is_refused_before_it_is_trimmed(cast, script, padding):
    narrative = padding + "x" * 20000  # 20,001 characters sent, 20,000 once trimmed
    refused = script(cast.spoc).put(
        _answer(cast.review, 3), {"rating": None, "narrative": narrative}, **{"If-Match": '"answer.3.0"'}
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["narrative"] == ["Ensure this field has no more than 20000 characters."]
    assert not AspectResponse.objects.exists()


@pytest.mark.parametrize("role", ["senior", "lead_peer", "review_manager"])
def test_only_the_hosts_contacts_answer(cast, script, role):
    refused = script(getattr(cast, role)).put(
        _answer(cast.review, 3), {"rating": None, "narrative": "x"}, **{"If-Match": '"answer.3.0"'}
    )
    assert refused.status_code == 403
    assert not AspectResponse.objects.exists()


def test_the_review_list_reads_a_fixed_number_of_queries(cast, script):
    caller = script(cast.review_manager)
    caller.get("/api/v1/reviews/")  # the token's first use is noted (an update), once a minute
    with CaptureQueriesContext(connection) as few:
        assert caller.get("/api/v1/reviews/").status_code == 200
    for number in range(6):
        ReviewFactory(reference=f"more-{number}", host=cast.host)
    with CaptureQueriesContext(connection) as many:
        listed = caller.get("/api/v1/reviews/").json()
    assert listed["count"] == 8
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_overview_is_the_programmes_alone(cast, script):
    body = script(cast.review_manager).get("/api/v1/overview/").json()
    by_stage = {row["label"]: row["value"] for row in body["reviews_by_stage"]}
    assert by_stage[cast.review.get_stage_display()] == 2  # both of the cast's reviews are new
    assert sum(by_stage.values()) == 2
    assert script(cast.spoc).get("/api/v1/overview/").status_code == 404


def test_support_requests_are_read_by_the_contacts_and_managers(cast, script):
    from assessments.services.follow_up import support_request_create

    support_request_create(
        review=cast.review, kind="mentoring", description="Help with training.", by=cast.spoc
    )
    path = f"/api/v1/reviews/{cast.review.reference}/support-requests/"
    (request,) = script(cast.spoc).get(path).json()
    assert (request["kind"], request["description"], request["status"]) == (
        "mentoring",
        "Help with training.",
        "open",
    )
    assert len(script(cast.review_manager).get(path).json()) == 1
    assert script(cast.lead_peer).get(path).status_code == 403
