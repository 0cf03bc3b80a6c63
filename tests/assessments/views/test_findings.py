import pytest
from django.urls import reverse

from assessments.models import Action, AspectResponse, Finding, SelfAssessment
from tests.two_factor import force_login


def _url(name, cast, *args):
    return reverse(name, args=[cast.review.reference, *args])


def _add(client, cast, **overrides):
    data = {
        "area": "capabilities",
        "kind": "improvement",
        "text": "Carry out a training needs analysis.",
        "aspects": [5],
    }
    return client.post(_url("findings", cast), {**data, **overrides})


def test_findings_are_the_teams(cast, check_access):
    check_access(_url("findings", cast), outsider=cast.other_spoc, forbidden=cast.spoc, allowed=cast.peer)
    check_access(
        _url("findings", cast),
        method="post",
        data={"area": "leadership", "kind": "good_practice", "text": "x"},
        outsider=cast.peer_elsewhere,
        forbidden=cast.senior,
        allowed=cast.lead_peer,
        allowed_status=302,
    )


def test_a_finding_is_added_with_the_hosts_rating_in_view(cast, login):
    sa = SelfAssessment.objects.create(review=cast.review)
    AspectResponse.objects.create(
        self_assessment=sa,
        aspect=cast.review.framework.aspects.get(number=5),
        rating=cast.review.framework.rating_levels.get(key="developing"),
        narrative="x",
    )
    client = login(cast.peer)
    assert "(self-assessed: Developing)" in client.get(_url("findings", cast)).text
    assert _add(client, cast).status_code == 302
    finding = Finding.objects.get()
    assert (finding.area.key, finding.kind, finding.aspects) == ("capabilities", "improvement", [5])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": ""}, "Enter the finding"),
        ({"area": ""}, "Choose the delivery area"),
        ({"kind": ""}, "Choose good practice or a suggested area of improvement"),
    ],
)
def test_bad_findings_are_explained(cast, login, overrides, message):
    response = _add(login(cast.peer), cast, **overrides)
    assert message in response.text
    assert not Finding.objects.exists()


def test_findings_reorder_within_their_area_and_kind(cast, login):
    client = login(cast.peer)
    for text in ("First.", "Second.", "Third."):
        _add(client, cast, text=text)
    _add(client, cast, text="Elsewhere.", area="leadership")
    third = Finding.objects.get(text="Third.")
    client.post(_url("finding_move", cast, third.pk), {"direction": "up"})
    order = list(
        Finding.objects.filter(area__key="capabilities").order_by("position").values_list("text", flat=True)
    )
    assert order == ["First.", "Third.", "Second."]
    client.post(_url("finding_move", cast, Finding.objects.get(text="First.").pk), {"direction": "down"})
    order = list(
        Finding.objects.filter(area__key="capabilities").order_by("position").values_list("text", flat=True)
    )
    assert order == ["Third.", "First.", "Second."]


def test_editing_a_finding_refuses_a_stale_save(cast, login, client):
    _add(login(cast.peer), cast)
    finding = Finding.objects.get()
    url = _url("finding_edit", cast, finding.pk)
    data = {"area": "capabilities", "kind": "improvement", "aspects": [5], "version": finding.version}
    assert login(cast.lead_peer).post(url, {**data, "text": "Lead's text."}).status_code == 302
    force_login(client, cast.peer)
    response = client.post(url, {**data, "text": "Peer's text."})
    assert "after you opened it" in response.text
    assert "Lead&#x27;s text." in response.text
    assert Finding.objects.get().text == "Lead's text."


def test_a_finding_with_actions_cannot_be_deleted(cast, login):
    import datetime

    _add(login(cast.peer), cast)
    finding = Finding.objects.get()
    Action.objects.create(finding=finding, description="Do it", owner="SPOC", due=datetime.date(2026, 1, 1))
    response = login(cast.peer).post(_url("finding_delete", cast, finding.pk), follow=True)
    assert "cannot be deleted" in response.text
    assert Finding.objects.exists()
