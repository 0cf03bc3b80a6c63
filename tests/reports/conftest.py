import pytest

from assessments.models import Finding, Report
from tests.lifecycle import bring_to


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
