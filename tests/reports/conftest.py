import datetime

import pytest
from django.utils import timezone

from assessments.models import Action, ActionUpdate, Finding, Interview, Report
from peerreview.accounts.models import Organisation
from tests.lifecycle import bring_to

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\tlead",
    "\rlead",
]


@pytest.fixture
def drafted(cast):
    """The cast's review at stage 5 with one finding and a draft report."""
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    bring_to(cast.review, "s4", **people)
    area = cast.review.framework.areas.get(key="leadership")
    Finding.objects.create(
        review=cast.review, area=area, kind="good_practice", text="The SPOC leads well.", position=1
    )
    cast.review = bring_to(cast.review, "s5_draft", start="s4", **people)
    return Report.objects.create(review=cast.review, executive_summary=["A summary."])


@pytest.fixture
def hostile(cast):
    """A review in follow-up whose council, action, finding, progress and interview hold text that
    looks like formulas."""
    people = {"manager": cast.review_manager, "spoc": cast.spoc, "lead": cast.lead_peer}
    bring_to(cast.review, "s4", **people)
    Finding.objects.create(
        review=cast.review, area=cast.review.framework.areas.first(), kind="improvement", text=HOSTILE[2]
    )
    review = bring_to(cast.review, "s6", start="s4", **people)
    Organisation.objects.filter(pk=review.host_id).update(name=HOSTILE[0])
    action = Action.objects.create(
        finding=Finding.objects.get(review=review),
        description=HOSTILE[0],
        owner=HOSTILE[1],
        due=datetime.date(2020, 1, 1),
    )
    ActionUpdate.objects.create(action=action, text=HOSTILE[3])
    starts = timezone.make_aware(datetime.datetime(2025, 3, 31, 10))
    Interview.objects.create(
        review=review, starts=starts, ends=starts + datetime.timedelta(hours=1), location=HOSTILE[3]
    )
    return review
