"""A form sent twice (a double click, the browser's "resubmit") saves once."""

import re
import uuid

import pytest
from django.urls import reverse

from assessments.models import Action, ActionUpdate, Finding, Review, Stage
from peerreview.accounts.models import FormSubmission
from peerreview.submissions import FIELD
from tests.lifecycle import bring_to, plan_the_visit


@pytest.fixture
def improvement(cast):
    """An improvement as the published report words it, with the review in follow-up."""
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    bring_to(cast.review, "s4", **people)
    area = cast.review.framework.areas.get(key="capabilities")
    finding = Finding.objects.create(
        review=cast.review, area=area, kind="improvement", text="Train staff.", position=1
    )
    cast.review = bring_to(cast.review, "s6", start="s4", **people)
    return finding.published.get()


def _token_on(page: str) -> str:
    tokens = re.findall(rf'name="{FIELD}" value="([0-9a-f-]+)"', page)
    assert tokens, "the form carries a single-use token"
    return tokens[0]


def _action_form(client, cast, improvement) -> tuple[str, dict]:
    url = reverse("action_create", args=[cast.review.reference, improvement.pk])
    data = {"description": "Run a training needs analysis.", "owner": "SPOC", "status": "not_started"}
    data |= {"due_0": "31", "due_1": "3", "due_2": "2027", FIELD: _token_on(client.get(url).text)}
    return url, data


def test_every_form_on_a_page_has_its_own_token(cast, improvement, login):
    # An action's page holds two forms: a progress update and the action's own details.
    item = Action.objects.create(
        finding=improvement.finding, description="Train", owner="SPOC", due="2027-03-31"
    )
    page = login(cast.spoc).get(reverse("action_detail", args=[cast.review.reference, item.pk])).text
    tokens = re.findall(rf'name="{FIELD}" value="([0-9a-f-]+)"', page)
    assert len(tokens) >= 2
    assert len(set(tokens)) == len(tokens)


def test_the_same_form_sent_twice_creates_one_action(cast, improvement, login):
    client = login(cast.spoc)
    url, data = _action_form(client, cast, improvement)
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert Action.objects.count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert "That form was sent twice. It has been saved once." in second.text


def test_a_new_copy_of_the_form_saves_again(cast, improvement, login):
    client = login(cast.spoc)
    for _ in range(2):
        url, data = _action_form(client, cast, improvement)
        assert client.post(url, data).status_code == 302
    assert Action.objects.count() == 2


def test_a_form_with_errors_gives_its_token_back(cast, improvement, login):
    client = login(cast.spoc)
    url, data = _action_form(client, cast, improvement)
    refused = client.post(url, data | {"description": ""})
    assert refused.status_code == 200
    assert "Enter" in refused.text
    assert client.post(url, data).status_code == 302
    assert Action.objects.count() == 1


def test_progress_entries_are_not_doubled(cast, improvement, login):
    item = Action.objects.create(
        finding=improvement.finding, description="Train", owner="SPOC", due="2027-03-31"
    )
    client = login(cast.spoc)
    url = reverse("action_detail", args=[cast.review.reference, item.pk])
    page = client.get(url).text
    progress_form = page[: page.index('name="text"')].rsplit("<form", 1)[1]
    data = {"text": "Half the staff trained.", FIELD: _token_on(progress_form)}
    client.post(url, data)
    client.post(url, data)
    assert ActionUpdate.objects.count() == 1


def test_a_stage_move_sent_twice_moves_one_stage(cast, on_site, login):
    Review.objects.filter(pk=cast.review.pk).update(stage=Stage.EVIDENCE_REVIEW)
    plan_the_visit(cast.review, by=cast.review_manager)  # what the stage machine asks first
    client = login(cast.review_manager)
    url = reverse("stage_advance", args=[cast.review.reference])
    page = client.get(reverse("review_detail", args=[cast.review.reference])).text
    data = {FIELD: _token_on(page[page.index(f'action="{url}"') :])}
    client.post(url, data)
    client.post(url, data)
    assert Review.objects.get(pk=cast.review.pk).stage == Stage.ON_SITE_REVIEW


def test_another_users_token_is_not_theirs_to_replay(cast, improvement, login):
    FormSubmission.objects.create(token=uuid.uuid4(), user=cast.deputy, path="/", location="/elsewhere/")
    taken = FormSubmission.objects.get().token
    client = login(cast.spoc)
    url, data = _action_form(client, cast, improvement)
    response = client.post(url, data | {FIELD: str(taken)})
    assert response.status_code == 302
    assert response["Location"] != "/elsewhere/"


def test_a_sending_still_being_handled_is_not_run_again(cast, improvement, login, monkeypatch):
    monkeypatch.setattr("peerreview.submissions.WAIT_SECONDS", 0.3)
    client = login(cast.spoc)
    url, data = _action_form(client, cast, improvement)
    FormSubmission.objects.create(token=data[FIELD], user=cast.spoc, path=url)  # the first, unfinished
    response = client.post(url, data)
    assert (response.status_code, response["Location"]) == (302, url)
    assert not Action.objects.exists()
