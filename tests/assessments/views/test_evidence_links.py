"""Evidence and aspects are linked one way: a tag made on the evidence page is the document
chosen on the aspect's page, on "check your answers" and in the evidence review, and either
side can change it without undoing a change made on the other meanwhile."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from assessments.models import Evidence, EvidenceAspect
from assessments.services.evidence import evidence_remove, evidence_upload
from peerreview.audit.models import AuditEvent
from tests.files import upload


class _Ticked(HTMLParser):
    """The values of the checkboxes called ``name`` that a page shows ticked."""

    def __init__(self, name: str):
        super().__init__()
        self.name, self.values = name, set()

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        checkbox = tag == "input" and found.get("type") == "checkbox" and found.get("name") == self.name
        if checkbox and "checked" in found:
            self.values.add(found["value"])


def _ticked(html: str, name: str) -> set[str]:
    parser = _Ticked(name)
    parser.feed(html)
    return parser.values


def _aspect(review, number):
    return reverse("aspect_answer", args=[review.reference, number])


def _detail(evidence):
    return reverse("evidence_detail", args=[evidence.review.reference, evidence.pk])


def _upload(cast, name, aspects):
    (evidence,) = evidence_upload(review=cast.review, files=[upload(name)], aspects=aspects, by=cast.spoc)
    return evidence


def _answer(cast, *, evidence, shown, narrative="What is in place."):
    rating = cast.review.framework.rating_levels.get(key="established").pk
    return {
        "rating": rating,
        "narrative": narrative,
        "evidence": [e.pk for e in evidence],
        "evidence_shown": ",".join(str(e.pk) for e in shown),
        "version": 0,
    }


@pytest.fixture
def plan(cast, private_storage):
    return _upload(cast, "Training plan.pdf", [5])


def test_a_tag_made_on_the_evidence_page_is_chosen_on_the_aspect_page(cast, login, plan):
    spoc = login(cast.spoc)
    assert _ticked(spoc.get(_aspect(cast.review, 5)).text, "evidence") == {str(plan.pk)}
    assert _ticked(spoc.get(_aspect(cast.review, 6)).text, "evidence") == set()


def test_the_same_tag_is_on_check_your_answers_and_in_the_evidence_review(cast, login, plan):
    check = login(cast.spoc).get(reverse("self_assessment_check", args=[cast.review.reference])).text
    row = check.split("Aspect 5</dt>")[1].split("</div>")[0]
    assert "Evidence: E1 Training plan" in row
    assert check.count("Evidence: E1") == 1
    review_page = login(cast.lead_peer).get(reverse("evidence_review", args=[cast.review.reference])).text
    assert "E1: Training plan" in review_page.split('id="aspect-5"')[1].split("</section>")[0]
    assert "E1: Training plan" not in review_page.split('id="aspect-6"')[1].split("</section>")[0]


def test_choosing_on_an_aspect_page_tags_the_document(cast, login, plan):
    spoc = login(cast.spoc)
    assert spoc.post(_aspect(cast.review, 7), _answer(cast, evidence=[plan], shown=[])).status_code == 302
    assert Evidence.objects.with_aspects().get().aspect_numbers == [5, 7]
    assert "Aspects: 5, 7" in spoc.get(_detail(plan)).text
    assert _ticked(spoc.get(_detail(plan)).text, "aspects") == {"5", "7"}


def test_unticking_on_an_aspect_page_removes_the_tag(cast, login, plan):
    spoc = login(cast.spoc)
    assert spoc.post(_aspect(cast.review, 5), _answer(cast, evidence=[], shown=[plan])).status_code == 302
    assert Evidence.objects.with_aspects().get().aspect_numbers == []
    assert "Aspects: none" in spoc.get(_detail(plan)).text


def test_unticking_the_last_document_of_an_empty_answer_is_a_change(cast, login, plan):
    data = _answer(cast, evidence=[], shown=[plan], narrative="") | {"rating": ""}
    assert login(cast.spoc).post(_aspect(cast.review, 5), data).status_code == 302
    assert not EvidenceAspect.objects.exists()


def test_an_aspect_page_keeps_a_tag_made_elsewhere_while_it_was_open(cast, login, plan):
    # The SPOC opens aspect 5 (showing E1); meanwhile the deputy tags E2 to aspect 5.
    shown = [plan]
    minutes = _upload(cast, "Minutes.pdf", [])
    login(cast.deputy).post(_detail(minutes), {"title": "Minutes", "aspects": [5], "shown": ""})
    response = login(cast.spoc).post(_aspect(cast.review, 5), _answer(cast, evidence=[plan], shown=shown))
    assert response.status_code == 302
    assert set(EvidenceAspect.objects.filter(aspect__number=5).values_list("evidence__key", flat=True)) == {
        "E1",
        "E2",
    }


def test_the_evidence_page_keeps_an_untick_made_elsewhere_while_it_was_open(cast, login, plan):
    # The deputy opens E1 (showing aspect 5) to rename it; meanwhile the SPOC unticks it on aspect 5.
    login(cast.spoc).post(_aspect(cast.review, 5), _answer(cast, evidence=[], shown=[plan]))
    login(cast.deputy).post(_detail(plan), {"title": "Training plan 2026", "aspects": [5, 9], "shown": "5"})
    plan = Evidence.objects.with_aspects().get()
    assert (plan.title, plan.aspect_numbers) == ("Training plan 2026", [9])


def test_a_removed_document_is_no_longer_offered_or_shown(cast, login, plan):
    evidence_remove(evidence=plan, by=cast.spoc)
    spoc = login(cast.spoc)
    assert "Training plan" not in spoc.get(_aspect(cast.review, 5)).text
    assert "Evidence: E1" not in spoc.get(reverse("self_assessment_check", args=[cast.review.reference])).text


def test_each_link_made_or_removed_is_audited(cast, login, plan):
    made = AuditEvent.objects.filter(object_type="assessments.EvidenceAspect", kind="create")
    assert made.get().review_id == cast.review.pk
    login(cast.spoc).post(_aspect(cast.review, 5), _answer(cast, evidence=[], shown=[plan]))
    removed = AuditEvent.objects.get(object_type="assessments.EvidenceAspect", kind="delete")
    assert removed.summary == "E1 supports aspect 5"


def test_a_document_of_another_review_cannot_be_chosen(cast, login, plan, private_storage):
    (elsewhere,) = evidence_upload(
        review=cast.other_review, files=[upload("theirs.pdf")], aspects=[], by=cast.other_spoc
    )
    response = login(cast.spoc).post(_aspect(cast.review, 5), _answer(cast, evidence=[elsewhere], shown=[]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not EvidenceAspect.objects.filter(evidence=elsewhere).exists()
