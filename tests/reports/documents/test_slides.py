"""The key findings as slides (issue 32): opened with python-pptx as PowerPoint would read them,
built from the review's own data, and only for the team from stage 4."""

import datetime
import io

import pytest
from django.urls import reverse
from pptx import Presentation as open_deck

from assessments.models import FindingKind, Report, Review
from assessments.services.findings import finding_create
from assessments.services.presentation import presentation_save
from reports.documents.slides import ITEMS_PER_SLIDE, LONGEST_ON_A_SLIDE, PPTX, shortened
from tests.lifecycle import bring_to

LONG_FINDING = (
    "The council has a well-attended multi-agency group that meets quarterly and reviews every "
    "referral the partnership has received since its last meeting. "
    + "Its minutes record each decision. "
    * 8
)


def _to(cast, state: str) -> Review:
    return bring_to(cast.review, state, manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer)


@pytest.fixture
def presented(cast) -> Review:
    """The cast's review at stage 4, its key findings presented, and findings drafted under two
    areas: the second with more good practice than a slide holds, one of them long."""
    review = _to(cast, "s4")
    presentation_save(
        review=review,
        date=datetime.date(2025, 4, 1),
        attendees=["Chief Executive"],
        key_findings=["The SPOC leads Prevent with energy.", "Training needs a refreshed analysis."],
        expected_version=Report.objects.get(review=review).version if hasattr(review, "report") else 1,
        by=cast.lead_peer,
    )
    second_area = review.framework.areas.order_by("position")[1]
    for number in range(ITEMS_PER_SLIDE):
        text = LONG_FINDING if number == 0 else f"Good practice number {number} in {second_area.title}."
        finding_create(
            review=review, area=second_area, kind=FindingKind.GOOD_PRACTICE, aspects=[2], lines_of_enquiry=[],
            text=text, by=cast.lead_peer,
        )  # fmt: skip
    finding_create(
        review=review, area=second_area, kind=FindingKind.IMPROVEMENT, aspects=[3], lines_of_enquiry=[],
        text="Record the partnership's decisions in one place.", by=cast.lead_peer,
    )  # fmt: skip
    return Review.objects.get(pk=review.pk)


def _deck(client, review: Review):
    response = client.get(reverse("presentation_slides", args=[review.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == PPTX
    assert f"{review.reference}-key-findings.pptx" in response["Content-Disposition"]
    return response, open_deck(io.BytesIO(response.content))


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_the_slides_hold_the_key_findings_each_area_and_next_steps(cast, presented, login):
    _, deck = _deck(login(cast.lead_peer), presented)
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert all(title.strip() for title in titles), "every slide has a title for screen readers"
    assert titles[0] == f"Prevent peer review of {cast.host.name}: key findings"
    assert titles[1] == "Key findings"
    assert titles[-1] == "Next steps"
    areas = [area.title for area in presented.framework.areas.order_by("position")]
    # The second area has five findings: two slides; every other area one.
    expected = [areas[0], f"{areas[1]} (1 of 2)", f"{areas[1]} (2 of 2)", *areas[2:]]
    assert titles[2:-1] == expected
    for slide in deck.slides:
        assert _texts(slide).count(presented.protective_marking) == 2, "marked at top and bottom"
    presented_findings = "The SPOC leads Prevent with energy.\nTraining needs a refreshed analysis."
    assert presented_findings in _texts(deck.slides[1])
    assert "1 April 2025" in " ".join(_texts(deck.slides[0]))


def test_a_long_finding_is_shortened_on_its_slide_and_whole_in_the_notes(cast, presented, login):
    _, deck = _deck(login(cast.lead_peer), presented)
    area = presented.framework.areas.order_by("position")[1]
    first = next(slide for slide in deck.slides if slide.shapes.title.text == f"{area.title} (1 of 2)")
    body = first.placeholders[1].text_frame.text
    assert body.startswith("Good practice\n")
    assert shortened(LONG_FINDING) in body
    assert LONG_FINDING.strip() not in body
    assert len(shortened(LONG_FINDING)) <= LONGEST_ON_A_SLIDE + 2
    notes = first.notes_slide.notes_text_frame.text
    assert f"Good practice: {' '.join(LONG_FINDING.split())}" in notes
    second = next(slide for slide in deck.slides if slide.shapes.title.text == f"{area.title} (2 of 2)")
    assert "Areas for development" in second.placeholders[1].text_frame.text
    assert "Areas for development: Record the partnership's decisions in one place." in (
        second.notes_slide.notes_text_frame.text
    )


def test_the_same_content_on_the_same_day_is_the_same_file(cast, presented, login):
    client = login(cast.peer)
    first, _ = _deck(client, presented)
    again, _ = _deck(client, presented)
    assert first.content == again.content
    url = reverse("presentation_slides", args=[presented.reference])
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_only_the_team_downloads_the_slides_and_only_from_stage_4(cast, check_access, login):
    url = reverse("presentation_slides", args=[cast.review.reference])
    review = _to(cast, "s3")
    for person in (cast.lead_peer, cast.peer, cast.review_manager, cast.spoc):
        assert login(person).get(url).status_code == 403, "before stage 4"
    bring_to(review, "s4", start="s3", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer)
    check_access(url, outsider=cast.peer_elsewhere, forbidden=cast.spoc, allowed=cast.peer)
    check_access(url, outsider=cast.other_spoc, forbidden=cast.senior, allowed=cast.review_manager)


def test_the_stage_4_pages_link_the_slides_for_the_team_only_from_stage_4(cast, login):
    link = reverse("presentation_slides", args=[cast.review.reference])
    pages = [reverse(name, args=[cast.review.reference]) for name in ("presentation", "findings")]
    lead = login(cast.lead_peer)
    assert not any(link in lead.get(page).text for page in pages)
    _to(cast, "s4")
    assert all(link in lead.get(page).text for page in pages)
