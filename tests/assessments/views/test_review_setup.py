import pytest
from django.urls import reverse

from assessments.models import Review, Stage
from tests.two_factor import force_login

CREATE = reverse("review_create")
DATES = {
    "on_site_start_0": "31",
    "on_site_start_1": "3",
    "on_site_start_2": "2026",
    "on_site_end_0": "1",
    "on_site_end_1": "4",
    "on_site_end_2": "2026",
}


def _form(**overrides):
    framework = overrides.pop("framework", None)
    data = {
        "host_name": "Kilbrannan Council",
        "venue": "Council HQ",
        "protective_marking": "OFFICIAL",
        "reference": "",
        **DATES,
        **overrides,
    }
    if framework is not None:
        data["framework"] = framework
    return data


def test_create_is_for_signed_in_review_managers_only(cast, client):
    assert client.get(CREATE).status_code == 302
    for who in (cast.spoc, cast.lead_peer, cast.other_spoc):
        force_login(client, who)
        assert client.get(CREATE).status_code == 403
    force_login(client, cast.review_manager)
    assert client.get(CREATE).status_code == 200


def test_a_manager_sets_up_a_review_with_a_generated_reference(cast, login):
    client = login(cast.review_manager)
    framework = cast.review.framework.pk
    response = client.post(CREATE, _form(framework=framework))
    review = Review.objects.get(host__name="Kilbrannan Council")
    assert response["Location"] == reverse("review_people", args=[review.reference])
    assert review.reference == "kilbrannan-council-2026"
    assert (review.on_site_start.isoformat(), review.on_site_end.isoformat()) == ("2026-03-31", "2026-04-01")
    assert review.stage == Stage.SELF_ASSESSMENT
    assert review.stage_transitions.get().by == cast.review_manager
    # A second review of the same council that year gets a reference of its own.
    client.post(CREATE, _form(framework=framework))
    assert Review.objects.filter(reference="kilbrannan-council-2026-2").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"host_name": ""}, "Enter the name of the council or organisation being reviewed"),
        (
            {"on_site_end_0": "30", "on_site_end_1": "3"},
            "The last on-site day must be the same as or after the first",
        ),
        ({"on_site_start_0": "31", "on_site_start_1": "2"}, "The first on-site day must be a real date"),
        ({"on_site_start_1": ""}, "The first on-site day must include a month"),
        ({"reference": "Not A Slug!"}, "The reference can only use lower-case letters, numbers and hyphens"),
        ({"reference": "ardlarich-2025"}, "Another review has this reference. Choose another"),
    ],
)
def test_bad_input_is_explained_and_kept(cast, login, overrides, message):
    client = login(cast.review_manager)
    before = Review.objects.count()
    response = client.post(CREATE, _form(framework=cast.review.framework.pk, **overrides))
    assert response.status_code == 200
    assert message in response.text
    assert "govuk-error-summary" in response.text
    assert 'value="Council HQ"' in response.text
    assert Review.objects.count() == before


def test_edit_checks_access(cast, check_access):
    url = reverse("review_edit", args=[cast.review.reference])
    check_access(url, outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.review_manager)
    check_access(url, outsider=cast.peer_elsewhere, forbidden=cast.lead_peer, allowed=cast.review_manager)


def test_a_manager_changes_the_details_and_reference(cast, login):
    client = login(cast.review_manager)
    url = reverse("review_edit", args=[cast.review.reference])
    data = {
        **DATES,
        "venue": "Ardlarich House",
        "protective_marking": "OFFICIAL-SENSITIVE",
        "reference": "ardlarich-2026",
    }
    response = client.post(url, data)
    assert response["Location"] == reverse("review_detail", args=["ardlarich-2026"])
    review = Review.objects.get(pk=cast.review.pk)
    assert (review.reference, review.venue, review.protective_marking) == (
        "ardlarich-2026",
        "Ardlarich House",
        "OFFICIAL-SENSITIVE",
    )


@pytest.mark.parametrize(
    ("marking", "message"),
    [
        ("", "Choose the protective marking of the review"),
        ("SECRET", "Choose OFFICIAL or OFFICIAL-SENSITIVE as the protective marking"),
    ],
)
def test_the_protective_marking_is_asked_for_in_its_own_words(db, marking, message):
    from assessments.forms.setup import ReviewForm

    form = ReviewForm({"host_name": "Kilbrannan Council", "protective_marking": marking})
    assert not form.is_valid()
    assert form.errors["protective_marking"] == [message]


def test_handling_a_support_request_asks_for_its_status_in_its_own_words():
    from assessments.forms.follow_up import SupportHandleForm

    form = SupportHandleForm({"note": "Called the SPOC."})
    assert not form.is_valid()
    assert form.errors["status"] == ["Choose the status of the request"]
