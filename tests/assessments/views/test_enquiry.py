import pytest
from django.urls import reverse

from assessments.models import Evidence, LineOfEnquiry, SelfAssessment
from tests.two_factor import force_login


def _lines(cast, query=""):
    return reverse("lines_of_enquiry", args=[cast.review.reference]) + query


def _line(cast, text, aspects):
    return LineOfEnquiry.objects.create(review=cast.review, text=text, aspects=aspects)


def test_evidence_review_is_for_the_team(cast, check_access):
    url = reverse("evidence_review", args=[cast.review.reference])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.peer)
    check_access(url, outsider=cast.peer_elsewhere, forbidden=cast.senior, allowed=cast.review_manager)


def test_evidence_review_shows_answer_evidence_and_lines_side_by_side(cast, login):
    sa = SelfAssessment.objects.create(review=cast.review)
    aspect = cast.review.framework.aspects.get(number=5)
    sa.responses.create(
        aspect=aspect,
        rating=cast.review.framework.rating_levels.get(key="developing"),
        narrative="eLearning for all staff.",
    )
    evidence = Evidence.objects.create(review=cast.review, key="E1", title="Training plan")
    evidence.aspect_links.create(aspect=aspect)
    _line(cast, "Has a training needs analysis been done?", [5])
    _line(cast, "Who chairs the panel?", [7])
    text = login(cast.lead_peer).get(reverse("evidence_review", args=[cast.review.reference])).text
    section = text.split('id="aspect-5"')[1].split("</section>")[0]
    assert "Developing" in section
    assert "eLearning for all staff." in section
    assert "E1: Training plan" in section
    assert "Has a training needs analysis been done?" in section
    assert "Who chairs the panel?" not in section


def test_lines_of_enquiry_are_for_the_team_only(cast, check_access):
    check_access(_lines(cast), outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.peer)
    check_access(_lines(cast), outsider=cast.peer_elsewhere, forbidden=cast.deputy, allowed=cast.lead_peer)
    data = {"text": "x", "aspects": [1]}
    check_access(
        _lines(cast),
        method="post",
        data=data,
        outsider=cast.other_spoc,
        forbidden=cast.senior,
        allowed=cast.peer,
        allowed_status=302,
    )


def test_a_peer_adds_a_line_of_enquiry(cast, login):
    response = login(cast.peer).post(_lines(cast), {"text": "How is training evaluated?", "aspects": [5, 13]})
    assert response.status_code == 302
    line = LineOfEnquiry.objects.get()
    assert (line.text, line.aspects, line.updated_by) == ("How is training evaluated?", [5, 13], cast.peer)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "", "aspects": [1]}, "Enter the line of enquiry"),
        ({"text": "x"}, "Choose at least one aspect"),
    ],
)
def test_bad_lines_are_explained(cast, login, data, message):
    response = login(cast.peer).post(_lines(cast), data)
    assert message in response.text
    assert not LineOfEnquiry.objects.exists()


def test_lines_filter_by_aspect_and_area(cast, login):
    _line(cast, "About governance", [2])
    _line(cast, "About training", [5])
    _line(cast, "About sharing", [8])
    client = login(cast.peer)
    by_aspect = client.get(_lines(cast, "?aspect=5")).text
    assert "About training" in by_aspect
    assert "About governance" not in by_aspect
    by_area = client.get(_lines(cast, "?area=information_sharing")).text
    assert "About sharing" in by_area
    assert "About training" not in by_area
    assert "3 lines of enquiry" in client.get(_lines(cast)).text


def test_the_list_query_count_is_flat(cast, login, django_assert_max_num_queries):
    client = login(cast.peer)
    _line(cast, "First", [1])
    with django_assert_max_num_queries(15) as few:
        client.get(_lines(cast))
    baseline = len(few.captured_queries)  # read now: each request resets the query log
    for n in range(10):
        _line(cast, f"Line {n}", [n % 14 + 1])
    with django_assert_max_num_queries(baseline):
        response = client.get(_lines(cast))
    assert "11 lines of enquiry" in response.text


def test_editing_refuses_a_stale_save(cast, login, client):
    line = _line(cast, "Original", [1])
    url = reverse("line_of_enquiry_edit", args=[cast.review.reference, line.pk])
    assert (
        login(cast.lead_peer).post(url, {"text": "Lead's wording", "aspects": [1], "version": 1}).status_code
        == 302
    )
    force_login(client, cast.peer)
    response = client.post(url, {"text": "Peer's wording", "aspects": [1, 2], "version": 1})
    assert response.status_code == 200
    assert "after you opened it" in response.text
    assert "Lead&#x27;s wording" in response.text
    assert "Peer&#x27;s wording" in response.text
    line.refresh_from_db()
    assert (line.text, line.version) == ("Lead's wording", 2)


def test_edit_and_delete_check_access(cast, check_access, login):
    line = _line(cast, "Original", [1])
    url = reverse("line_of_enquiry_edit", args=[cast.review.reference, line.pk])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.peer)
    delete = reverse("line_of_enquiry_delete", args=[cast.review.reference, line.pk])
    check_access(
        delete,
        method="post",
        outsider=cast.peer_elsewhere,
        forbidden=cast.senior,
        allowed=cast.peer,
        allowed_status=302,
    )
    assert not LineOfEnquiry.objects.exists()
