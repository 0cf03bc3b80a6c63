"""The action plan read from the latest published version: a fixed number of queries however
many actions and updates the council keeps."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.reads.action_plans import action_plan
from assessments.services.follow_up import action_progress_add
from tests.lifecycle import bring_to, plan_an_action


def _read(review) -> tuple[int, list[tuple[str, str, bool, list[str]]]]:
    """How many queries reading the plan and everything a document shows of it takes, and what."""
    with CaptureQueriesContext(connection) as queries:
        rows = [
            (
                finding.area.title,
                action.description,
                current,
                [update.by.full_name for update in action.updates.all()],
            )
            for finding, action, current in action_plan(review).rows()
        ]
    return len(queries.captured_queries), rows


def test_the_plan_reads_in_the_same_queries_for_one_action_or_many(cast):
    review = bring_to(cast.review, "s6", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer)
    first = plan_an_action(review, by=cast.spoc)
    action_progress_add(action=first, text="Analysis drafted", by=cast.spoc)
    few, rows = _read(review)
    area = rows[0][0]
    assert rows == [(area, "Refresh the training needs analysis", True, [cast.spoc.full_name])]
    # The version, its improvements with their areas and findings, the actions, their updates
    # with who wrote them, and the actions whose finding the version dropped.
    assert few == 5
    for due in (datetime.date(2026, 4, 30), datetime.date(2026, 5, 31)):
        action = plan_an_action(review, by=cast.spoc, due=due)
        action_progress_add(action=action, text="Started", by=cast.deputy)
    many, rows = _read(review)
    assert many == few
    spoc, deputy = cast.spoc.full_name, cast.deputy.full_name
    assert [who for *_, who in rows] == [[spoc], [deputy], [deputy]]  # by due date
