import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import AspectResponse, SelfAssessment, SelfAssessmentReopening
from tests.queries import statements
from tests.two_factor import force_login


def _overview(cast):
    return reverse("self_assessment", args=[cast.review.reference])


def _aspect(cast, number):
    return reverse("aspect_answer", args=[cast.review.reference, number])


def _check(cast):
    return reverse("self_assessment_check", args=[cast.review.reference])


def _rating(cast, key="established"):
    return cast.review.framework.rating_levels.get(key=key).pk


def _answer_all(cast, by):
    sa, _ = SelfAssessment.objects.get_or_create(review=cast.review)
    rating = cast.review.framework.rating_levels.get(key="developing")
    for aspect in cast.review.framework.aspects.all():
        AspectResponse.objects.update_or_create(
            self_assessment=sa,
            aspect=aspect,
            defaults={"rating": rating, "narrative": f"Answer {aspect.number}"},
        )
    return sa


def test_the_overview_checks_access(cast, check_access):
    response = check_access(
        _overview(cast), outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.spoc
    )
    assert "0 of 14 aspects complete" in response.text
    check_access(_overview(cast), outsider=cast.peer_elsewhere, forbidden=cast.senior, allowed=cast.peer)


def test_an_aspect_checks_access(cast, check_access):
    check_access(_aspect(cast, 3), outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.deputy)
    data = {"rating": _rating(cast), "narrative": "x", "version": 0}
    check_access(
        _aspect(cast, 3),
        method="post",
        data=data,
        outsider=cast.other_spoc,
        forbidden=cast.peer,
        allowed=cast.spoc,
        allowed_status=302,
    )


def test_the_spoc_answers_an_aspect_and_moves_to_the_next(cast, login):
    client = login(cast.spoc)
    response = client.post(
        _aspect(cast, 3), {"rating": _rating(cast), "narrative": "  The plan is agreed.  ", "version": 0}
    )
    # The next in the list's order, by area (Partnership: 3, then 14), not by number (issue 28).
    assert response["Location"] == _aspect(cast, 14)
    saved = AspectResponse.objects.get(aspect__number=3)
    assert (saved.narrative, saved.rating.key, saved.version, saved.updated_by) == (
        "The plan is agreed.",
        "established",
        1,
        cast.spoc,
    )
    overview = client.get(_overview(cast)).text
    assert "1 of 14 aspects complete" in overview
    assert "Established" in overview


def test_the_last_aspect_leads_to_check_your_answers(cast, login):
    # Aspect 8 is the last listed (Information Sharing: 4, 8); 14 leads on to 4.
    response = login(cast.spoc).post(
        _aspect(cast, 14), {"rating": _rating(cast), "narrative": "x", "version": 0}
    )
    assert response["Location"] == _aspect(cast, 4)
    response = login(cast.spoc).post(
        _aspect(cast, 8), {"rating": _rating(cast), "narrative": "x", "version": 0}
    )
    assert response["Location"] == _check(cast)


def test_save_and_continue_walks_the_aspects_in_the_list_s_order(cast):
    from assessments.reads.answers import answers_by_area, aspect_number_after

    listed = [item["aspect"].number for area in answers_by_area(cast.review, {}) for item in area["aspects"]]
    walked = [listed[0]]
    while (following := aspect_number_after(cast.review, walked[-1])) is not None:
        walked.append(following)
    assert walked == listed
    assert sorted(walked) == list(range(1, 15))


def test_a_refused_save_keeps_the_text_on_the_page(cast, login):
    long_text = "word " * 4001
    response = login(cast.spoc).post(
        _aspect(cast, 2), {"rating": _rating(cast), "narrative": long_text, "version": 0}
    )
    assert response.status_code == 200
    assert "The description must be 20,000 characters or fewer" in response.text
    assert long_text.strip()[:200] in response.text
    assert not AspectResponse.objects.exists()


def test_a_stale_edit_is_refused_and_shows_both_answers(cast, login, client):
    # Both open aspect 5 while it is unanswered.
    login(cast.spoc).post(
        _aspect(cast, 5), {"rating": _rating(cast), "narrative": "The SPOC's answer.", "version": 0}
    )
    force_login(client, cast.deputy)
    response = client.post(
        _aspect(cast, 5),
        {"rating": _rating(cast, "developing"), "narrative": "The deputy's answer.", "version": 0},
    )
    assert response.status_code == 200
    assert "after you opened it" in response.text
    assert "The SPOC&#x27;s answer." in response.text  # theirs, shown beside
    assert "The deputy&#x27;s answer." in response.text  # ours, kept in the form
    saved = AspectResponse.objects.get(aspect__number=5)
    assert saved.narrative == "The SPOC's answer."
    assert saved.version == 1
    # Having read the other answer, the deputy saves deliberately: the form now carries version 1.
    assert 'name="version" value="1"' in response.text
    response = client.post(
        _aspect(cast, 5),
        {"rating": _rating(cast, "developing"), "narrative": "The deputy's answer.", "version": 1},
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.narrative == "The deputy's answer."
    assert saved.version == 2


def test_check_your_answers_lists_what_is_missing(cast, login, check_access):
    response = check_access(_check(cast), outsider=cast.other_spoc, forbidden=cast.peer, allowed=cast.spoc)
    assert "Answer aspect 1: it needs a rating and a description" in response.text
    assert "Submit the self-assessment</button>" not in response.text
    response = login(cast.spoc).post(_check(cast), follow=True)
    assert "Answer every aspect" in response.text
    assert not SelfAssessment.objects.filter(review=cast.review, submitted_on__isnull=False).exists()


def test_submitting_makes_it_read_only(cast, login):
    _answer_all(cast, cast.spoc)
    client = login(cast.spoc)
    assert "Submit the self-assessment</button>" in client.get(_check(cast)).text
    response = client.post(_check(cast))
    assert response["Location"] == _overview(cast)
    sa = SelfAssessment.objects.get(review=cast.review)
    assert sa.submitted_on == datetime.date.today()
    assert sa.submitted_by == cast.spoc
    assert (
        client.post(
            _aspect(cast, 1), {"rating": _rating(cast), "narrative": "late", "version": 1}
        ).status_code
        == 403
    )
    assert client.get(_check(cast)).status_code == 403
    page = client.get(_aspect(cast, 1)).text
    assert "Answer 1" in page
    assert "<textarea" not in page


def test_a_manager_reopens_with_a_reason(cast, login, check_access):
    sa = _answer_all(cast, cast.spoc)
    sa.submitted_on = datetime.date(2025, 2, 14)
    sa.save()
    url = reverse("self_assessment_reopen", args=[cast.review.reference])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.review_manager)
    client = login(cast.review_manager)
    assert "Enter why you are reopening the self-assessment" in client.post(url, {"reason": ""}).text
    response = client.post(url, {"reason": "The SPOC found a newer training record"})
    assert response.status_code == 302
    sa.refresh_from_db()
    assert not sa.is_submitted
    reopening = SelfAssessmentReopening.objects.get()
    assert (reopening.reason, reopening.by) == ("The SPOC found a newer training record", cast.review_manager)


@pytest.mark.parametrize("number", [0, 15, 99])
def test_an_aspect_outside_the_framework_is_not_found(cast, login, number):
    assert login(cast.spoc).get(_aspect(cast, number)).status_code == 404


def test_the_overview_query_count_is_flat(cast, login, django_assert_max_num_queries):
    client = login(cast.spoc)
    with django_assert_max_num_queries(15):
        client.get(_overview(cast))
    _answer_all(cast, cast.spoc)
    with django_assert_max_num_queries(15):
        response = client.get(_overview(cast))
    assert "14 of 14 aspects complete" in response.text


def test_an_aspect_s_page_reads_the_framework_s_aspects_once_and_counts_nothing(cast, login):
    client = login(cast.spoc)
    client.get(_aspect(cast, 3))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(_aspect(cast, 3))
    reads = statements(captured)
    assert "Aspect 3 of 14" in response.text
    assert [sql for sql in reads if sql.startswith("SELECT COUNT(*)")] == []  # a count of its own
    assert sum('FROM "assessments_aspect"' in sql for sql in reads) == 1


@pytest.mark.parametrize("narrative", ["", "   \n  "])
def test_saving_with_nothing_entered_says_so_and_saves_nothing(cast, login, narrative):
    """Issue 14, item 6: not "saved" when nothing was."""
    response = login(cast.spoc).post(_aspect(cast, 5), {"narrative": narrative, "version": 0})
    assert response.status_code == 200
    assert "Choose a rating, describe how the council meets this aspect, or both" in response.text
    assert "govuk-error-summary" in response.text
    assert "is saved" not in response.text
    assert not AspectResponse.objects.exists()


def test_a_long_answer_shows_its_limit_as_the_person_types(cast, login):
    """A GOV.UK character count of the field's own limit, so that no text is lost to it."""
    page = login(cast.spoc).get(reverse("aspect_answer", args=[cast.review.reference, 1])).text
    counted = page.split('data-module="govuk-character-count"')[1]
    assert 'data-maxlength="20000"' in counted.split(">")[0]
    assert 'id="id_narrative-info"' in counted  # the count's message, which the script updates
