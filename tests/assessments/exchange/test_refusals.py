"""Bad documents are refused whole: every fault named by its JSON path, nothing written."""

import copy

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.exchange import ExchangeError, import_review
from tests.assessments.exchange.documents import demo_document
from tests.factories import OrganisationFactory, UserFactory

BASE = demo_document()
HYPOTHESIS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _row_counts() -> dict[str, int]:
    models = [*apps.get_app_config("assessments").get_models(), *apps.get_app_config("accounts").get_models()]
    return {model.__name__: model.objects.count() for model in models}


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _nodes(value, parts=()):
    """Every (path, value) in a document, containers and leaves alike."""
    yield parts, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, (*parts, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, (*parts, index))


def _set(document, parts, value):
    target = document
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value


def _refused(document) -> list[str]:
    before = _row_counts()
    with pytest.raises(ExchangeError) as caught:
        import_review(document)
    assert _row_counts() == before, "a refused document wrote rows"
    return [f"{path}: {message}" for path, message in caught.value.faults]


NODES = [(parts, value) for parts, value in _nodes(BASE) if parts and parts != ("format",)]
DICTS = [parts for parts, value in _nodes(BASE) if isinstance(value, dict)]
WRONG = {
    str: [7, ["text"], {"a": 1}],
    int: ["7", 1.5, [1]],
    list: ["text", {"a": 1}, 3],
    dict: [[], "text", 3],
}


@pytest.mark.django_db
@HYPOTHESIS
@given(node=st.sampled_from(NODES), choice=st.integers(0, 2))
def test_a_value_of_the_wrong_type_is_refused_at_its_path(node, choice):
    parts, value = node
    document = copy.deepcopy(BASE)
    _set(document, parts, WRONG[type(value)][choice])
    faults = _refused(document)
    assert any(fault.startswith(_path(parts) + ":") for fault in faults), faults


@pytest.mark.django_db
@HYPOTHESIS
@given(parts=st.sampled_from(DICTS), key=st.text("abcdefghijklmnopqrstuvwxyz_", min_size=3, max_size=12))
def test_an_unknown_key_is_refused_not_ignored(parts, key):
    document = copy.deepcopy(BASE)
    target = document
    for part in parts:
        target = target[part]
    if key in target:
        return
    target[key] = "typo"
    assert f"{_path((*parts, key))}: unknown key" in _refused(document)


@pytest.mark.django_db
@HYPOTHESIS
@given(
    section=st.sampled_from(["findings", "evidence", "lines_of_enquiry", "interviews"]),
    number=st.one_of(st.integers(-5, 0), st.integers(15, 400)),
)
def test_an_unknown_aspect_is_refused(section, number):
    document = copy.deepcopy(BASE)
    document["review"][section][0]["aspects"][0] = number
    assert f"review.{section}[0].aspects[0]: unknown aspect {number}" in _refused(document)


@pytest.mark.django_db
@HYPOTHESIS
@given(index=st.integers(0, len(BASE["review"]["findings"]) - 1), area=st.text(min_size=1, max_size=20))
def test_an_unknown_area_is_refused(index, area):
    if area in {"leadership", "capabilities", "partnership", "information_sharing"}:
        return
    document = copy.deepcopy(BASE)
    document["review"]["findings"][index]["area"] = area
    assert f'review.findings[{index}].area: unknown area "{area}"' in _refused(document)


@pytest.mark.django_db
@HYPOTHESIS
@given(
    date=st.sampled_from(["2025-13-01", "31/03/2025", "2025-3-31", "tomorrow", "2025-02-30", ""]),
    where=st.sampled_from(
        [("review", "on_site", "start"), ("review", "presentation", "date"), ("review", "actions", 1, "due")]
    ),
)
def test_a_bad_date_is_refused(date, where):
    document = copy.deepcopy(BASE)
    _set(document, where, date)
    assert any(fault.startswith(_path(where) + ":") for fault in _refused(document))


@pytest.mark.django_db
def test_a_date_time_without_an_offset_is_refused():
    document = copy.deepcopy(BASE)
    document["review"]["interviews"][2]["starts"] = "2025-03-31T11:00:00"
    assert "review.interviews[2].starts: input should have timezone info" in _refused(document)


def test_team_without_a_lead_peer_is_refused(db):
    document = copy.deepcopy(BASE)
    document["review"]["team"][0]["role"] = "peer"
    assert "review.team: needs exactly one lead_peer (found 0)" in _refused(document)


def test_team_with_two_lead_peers_is_refused(db):
    document = copy.deepcopy(BASE)
    document["review"]["team"][1]["role"] = "lead_peer"
    assert "review.team: needs exactly one lead_peer (found 2)" in _refused(document)


def test_team_without_a_review_manager_is_refused(db):
    document = copy.deepcopy(BASE)
    document["review"]["team"] = [p for p in document["review"]["team"] if p["role"] != "review_manager"]
    for interview in document["review"]["interviews"]:
        interview["interviewers"] = [n for n in interview["interviewers"] if n != "Alasdair Reid"]
    assert "review.team: needs at least one review_manager" in _refused(document)


def test_duplicate_evidence_keys_are_refused(db):
    document = copy.deepcopy(BASE)
    document["review"]["evidence"][3]["key"] = "E1"
    assert 'review.evidence[3].key: duplicate key "E1"' in _refused(document)


def test_a_response_citing_unknown_evidence_is_refused(db):
    document = copy.deepcopy(BASE)
    document["review"]["self_assessment"]["responses"][0]["evidence"] = ["E99"]
    assert 'review.self_assessment.responses[0].evidence[0]: unknown evidence key "E99"' in _refused(document)


def test_an_interviewer_not_on_the_team_is_refused(db):
    document = copy.deepcopy(BASE)
    document["review"]["interviews"][1]["interviewers"][1] = "Someone Else"
    assert 'review.interviews[1].interviewers[1]: "Someone Else" is not on the team' in _refused(document)


def test_an_unknown_rating_is_refused(db):
    document = copy.deepcopy(BASE)
    document["review"]["self_assessment"]["responses"][4]["rating"] = "excellent"
    assert 'review.self_assessment.responses[4].rating: unknown rating "excellent"' in _refused(document)


def test_an_action_for_a_missing_finding_is_refused(db):
    document = copy.deepcopy(BASE)
    document["review"]["actions"][0]["finding"] = 14
    assert "review.actions[0].finding: no finding 14 (the document has 13)" in _refused(document)


def test_a_missing_required_key_is_refused(db):
    document = copy.deepcopy(BASE)
    del document["review"]["findings"][2]["text"]
    assert "review.findings[2].text: is required" in _refused(document)


def test_an_unknown_stage_or_format_is_refused(db):
    document = copy.deepcopy(BASE)
    document["format"] = "prevent-peer-review/2"
    document["review"]["stage"] = "published"
    faults = _refused(document)
    assert any(f.startswith('format: unknown value "prevent-peer-review/2"') for f in faults)
    assert any(f.startswith('review.stage: unknown value "published"') for f in faults)


def test_every_fault_is_reported_at_once(db):
    document = copy.deepcopy(BASE)
    document["review"]["findings"][3]["area"] = "leadrship"
    document["review"]["evidence"][1]["key"] = "E1"
    document["review"]["team"][0]["role"] = "peer"
    faults = _refused(document)
    assert 'review.findings[3].area: unknown area "leadrship"' in faults
    assert 'review.evidence[1].key: duplicate key "E1"' in faults
    assert "review.team: needs exactly one lead_peer (found 0)" in faults


def test_an_existing_reference_is_refused_without_replace(db):
    import_review(BASE)
    faults = _refused(BASE)
    assert faults == ['review.reference: a review "ardlarich-2025" exists; use --replace to replace it']


def test_invalid_json_is_refused(db):
    assert _refused(b'{"format": ')[0].startswith("(document): is not valid JSON")


def test_an_email_of_another_councils_user_cannot_be_a_host_contact(db):
    UserFactory(email="spoc@ardlarich.example.org", organisation=OrganisationFactory(name="Glenbrae Council"))
    faults = _refused(copy.deepcopy(BASE))
    assert (
        "review.contacts[0].email: spoc@ardlarich.example.org has an account at another organisation, "
        "so cannot be one of the council's people"
    ) in faults


def test_a_host_employee_cannot_join_the_team(db):
    document = copy.deepcopy(BASE)
    document["review"]["team"][1]["organisation"] = "Ardlarich Council"
    fault = (
        "review.team[1].email: peer@demo.example.org "
        "works at the council under review, so cannot be on the peer review team"
    )
    assert fault in _refused(document)


def test_one_person_cannot_hold_two_roles_on_a_review(db):
    document = copy.deepcopy(BASE)
    document["review"]["contacts"][1]["email"] = "SPOC@ardlarich.example.org"
    assert any(
        f.startswith("review.contacts[1].email: spoc@ardlarich.example.org also holds a role")
        for f in _refused(document)
    )


@pytest.mark.parametrize(
    "spelling",
    ["Glenmorven\u00a0Council", "Glenmorven  Council", " GLENMORVEN council", "Ｇlenmorven Council"],
)
def test_a_councils_own_officer_cannot_review_it_under_another_spelling(db, spelling):
    """Organisations are compared as the records the importer resolves them to, after one
    normalisation, so a host name with a no-break space or two spaces is still that council
    (issue 13, defect 8)."""
    council = OrganisationFactory(name="Glenmorven Council")
    UserFactory(email="officer@glenmorven.example.org", organisation=council)
    document = copy.deepcopy(BASE)
    document["review"]["reference"] = "glenmorven-2026"
    document["review"]["host"]["name"] = spelling
    document["review"]["contacts"] = []
    document["review"]["team"][1]["email"] = "officer@glenmorven.example.org"
    faults = _refused(document)
    assert (
        "review.team[1].email: officer@glenmorven.example.org works at the council under review, "
        "so cannot be on the peer review team"
    ) in faults
