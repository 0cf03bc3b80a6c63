"""A review's facts read in one compiled query (``facts_of``) say what the ORM's annotations for
a list say, in every state of a review's life, on either database."""

import dataclasses
import datetime

import pytest
import time_machine
from django.utils import timezone

from assessments.models import Evidence, Interview, InterviewInterviewer, LineOfEnquiry, Review
from assessments.rules.facts import facts_from_annotations, facts_of
from tests.lifecycle import STATES, bring_to

ONLY_FACTS_OF = (
    "started",
    "documents",
    "lines",
    "interviews",
    "presentation_drafted",
    "good_practice_shared",
    "notes_awaiting",
)


@pytest.mark.parametrize("state", STATES)
def test_one_review_s_facts_match_the_list_s_annotations(cast, state):
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    review = bring_to(cast.review, state, **people)
    annotated = facts_from_annotations(Review.objects.with_facts().with_progress().get(pk=review.pk))
    read = facts_of(Review.objects.get(pk=review.pk))
    assert dataclasses.replace(read, **dict.fromkeys(ONLY_FACTS_OF)) == annotated
    assert read.notes_awaiting is None  # asked for no viewer


def test_the_counts_only_it_reads(cast):
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    review = bring_to(cast.review, "s3", **people)
    read = facts_of(review, viewer=cast.lead_peer)
    assert read.started is True
    assert read.documents == Evidence.objects.filter(review=review).count()
    assert read.lines == LineOfEnquiry.objects.filter(review=review).count()
    assert read.interviews == Interview.objects.scheduled().filter(review=review).count()
    assert read.presentation_drafted is False
    assert read.good_practice_shared is False
    awaiting = Interview.objects.awaiting_notes_of(cast.lead_peer).filter(review=review).count()
    assert read.notes_awaiting == awaiting


def test_notes_awaiting_are_the_viewer_s_and_counted_as_of_now(cast):
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    review = bring_to(cast.review, "s3", **people)
    starts = timezone.now() + datetime.timedelta(days=2)
    lead = review.people.get(user=cast.lead_peer, removed_at__isnull=True)
    for hour in (0, 1, 3):  # at different times and rooms: counted once each, all together
        interview = Interview.objects.create(
            review=review,
            starts=starts + datetime.timedelta(hours=hour),
            ends=starts + datetime.timedelta(hours=hour, minutes=45),
            location=f"Room {hour}",
        )
        InterviewInterviewer.objects.create(interview=interview, person=lead)
    before = facts_of(review, viewer=cast.lead_peer).notes_awaiting
    with time_machine.travel(starts + datetime.timedelta(hours=2)):
        assert facts_of(review, viewer=cast.lead_peer).notes_awaiting == before + 2  # begun by now
        assert facts_of(review, viewer=cast.peer).notes_awaiting == 0  # not on its panel
