import copy
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.exchange import export_review, import_review
from assessments.models import Action, Finding, Interview, Review, ReviewPerson
from peerreview.accounts.models import User
from tests.assessments.exchange.documents import demo_document, example_document, with_defaults


def _canonical(document: dict) -> str:
    return json.dumps(document, sort_keys=True, indent=1)


@pytest.mark.django_db
def test_the_shared_example_survives_import_then_export():
    document = example_document()
    review = import_review(document)
    assert _canonical(export_review(review)) == _canonical(with_defaults(document))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["ardlarich-2025", "ardlarich-2027"])
def test_the_demo_documents_survive_import_then_export(name):
    document = demo_document(name)
    review = import_review(document)
    assert _canonical(export_review(review)) == _canonical(with_defaults(document))


@pytest.mark.django_db
def test_the_export_reads_all_findings_actions_in_one_query():
    document = demo_document()
    doubled = copy.deepcopy(document)
    doubled["review"]["reference"] = "ardlarich-2025-doubled"
    findings, actions = doubled["review"]["findings"], doubled["review"]["actions"]
    assert actions, "the demo review has findings with actions"
    doubled["review"]["findings"] = findings + copy.deepcopy(findings)
    doubled["review"]["actions"] = actions + [{**a, "finding": a["finding"] + len(findings)} for a in actions]
    queries = []
    for review in (import_review(document), import_review(doubled)):
        with CaptureQueriesContext(connection) as captured:
            export_review(review)
        queries.append(len(captured))
    assert queries[0] == queries[1], "the export's queries grow with the findings"


@pytest.mark.django_db
def test_export_then_import_gives_the_same_review():
    first = export_review(import_review(demo_document()))
    second = export_review(import_review(first, replace=True))
    assert _canonical(first) == _canonical(second)
    assert Review.objects.count() == 1


@pytest.mark.django_db
def test_a_minimal_document_takes_the_defaults():
    document = {
        "format": "prevent-peer-review/1",
        "review": {
            "reference": "kilbrannan-2026",
            "host": {"name": "Kilbrannan Council"},
            "team": [
                {
                    "name": "A Lead",
                    "job_title": "Manager",
                    "organisation": "Glenbrae Council",
                    "role": "lead_peer",
                },
                {
                    "name": "A Manager",
                    "job_title": "Policy",
                    "organisation": "Scottish Government",
                    "role": "review_manager",
                },
            ],
        },
    }
    exported = export_review(import_review(document))
    assert exported == with_defaults(document)
    assert exported["review"]["stage"] == "self_assessment"
    assert "self_assessment" not in exported["review"]


@pytest.mark.django_db
def test_the_import_keeps_what_the_example_says():
    review = import_review(demo_document())
    assert review.host.name == "Ardlarich Council"
    assert review.stage == "follow_up"
    assert review.stage_transitions.get().reason == "Imported from a review document"
    assert Finding.objects.filter(review=review).count() == 13
    assert Interview.objects.filter(review=review).count() == 7
    assert Action.objects.filter(finding__review=review).count() == 3
    lead = ReviewPerson.objects.get(review=review, role="lead_peer")
    assert lead.user.email == "lead.peer@demo.example.org"
    assert not lead.user.has_usable_password()
    # A person with no e-mail address is named on the review without an account.
    assert ReviewPerson.objects.get(review=review, name="Fiona Barr").user is None


@pytest.mark.django_db
def test_people_are_reused_by_email_across_reviews():
    import_review(demo_document("ardlarich-2025"))
    import_review(demo_document("ardlarich-2027"))
    spoc = User.objects.get(email="spoc@ardlarich.example.org")
    assert spoc.review_roles.count() == 2
    assert spoc.organisation.name == "Ardlarich Council"


@pytest.mark.django_db
def test_replace_swaps_the_whole_review():
    import_review(demo_document())
    changed = demo_document()
    changed["review"]["findings"] = changed["review"]["findings"][:2]
    changed["review"]["actions"] = []
    review = import_review(changed, replace=True)
    assert Finding.objects.filter(review=review).count() == 2
    assert Review.objects.count() == 1


def test_a_document_whose_report_is_published_brings_its_published_version(db, client):
    """Its council reads its report, action plan and comparison as published (issue 13)."""
    from assessments.models import PublishedFinding, ReportVersion
    from tests.two_factor import force_login

    review = import_review(demo_document("ardlarich-2025"))
    version = ReportVersion.objects.get(report__review=review)
    assert version.number == 1
    assert bytes(version.pdf).startswith(b"%PDF")
    published = PublishedFinding.objects.filter(version=version)
    assert list(published.values_list("text", flat=True)) == list(
        Finding.objects.filter(review=review).order_by("position", "pk").values_list("text", flat=True)
    )
    spoc = User.objects.get(email="spoc@ardlarich.example.org")
    page = force_login(client, spoc).get(f"/reviews/{review.reference}/actions/").text
    improvement = published.filter(kind="improvement").first()
    assert improvement.text[:40] in page
    # A draft report brings no version: its findings stay the team's.
    draft = import_review(demo_document("ardlarich-2027"))
    assert not ReportVersion.objects.filter(report__review=draft).exists()


def _links(document: dict) -> tuple[set, set]:
    """Each evidence-aspect link as the document names it from the evidence side and from the
    answers' side."""
    review = document["review"]
    tagged = {(e["key"], number) for e in review["evidence"] for number in e["aspects"]}
    answered = {(key, r["aspect"]) for r in review["self_assessment"]["responses"] for key in r["evidence"]}
    return tagged, answered


@pytest.mark.django_db
def test_a_link_named_on_one_side_only_is_kept_and_exported_on_both():
    document = demo_document()
    review = document["review"]
    review["evidence"][0]["aspects"] = []  # E1 for aspect 6 now only on the answer's side
    review["self_assessment"]["responses"][9]["evidence"] = []  # E3 for aspect 10 only on the tag's side
    review["self_assessment"]["responses"][0]["evidence"] = ["E4"]  # a new link, answer's side only
    exported = export_review(import_review(document))
    tagged, answered = _links(exported)
    assert tagged == answered
    assert {("E1", 6), ("E3", 10), ("E4", 1), ("E4", 9)} <= tagged
    assert [e["aspects"] for e in exported["review"]["evidence"] if e["key"] == "E4"] == [[9, 1]]


@pytest.mark.django_db
def test_a_documents_own_order_of_aspects_is_kept():
    document = demo_document()
    review = document["review"]
    review["evidence"][4]["aspects"] = [3, 2]
    exported = export_review(import_review(document))
    assert _canonical(exported) == _canonical(with_defaults(document))
