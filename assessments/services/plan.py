"""The review plan: proposed from the programme's defaults, then changed by a review manager."""

import datetime

from django.conf import settings
from django.db import transaction

from assessments.models import PLAN_DATES, Review, ReviewPlan
from assessments.reads import timeline


@transaction.atomic
def plan_fill(*, review: Review) -> ReviewPlan:
    """Gives ``review`` its plan, proposing a date for each part not yet planned. A date someone
    chose is never replaced, so this runs whenever the on-site days are set or changed."""
    plan, _ = ReviewPlan.objects.select_for_update().get_or_create(
        review=review, defaults={"factual_accuracy_days": settings.REVIEW_PLAN_FACTUAL_ACCURACY_DAYS}
    )
    blank = {
        name: date for name, date in timeline.proposed_dates(review).items() if getattr(plan, name) is None
    }
    for name, date in blank.items():
        setattr(plan, name, date)
    if blank:
        plan.full_clean()
        plan.save(update_fields=list(blank))
    return plan


@transaction.atomic
def plan_update(
    *, review: Review, dates: dict[str, datetime.date | None], factual_accuracy_days: int
) -> ReviewPlan:
    """A review manager's plan: every date as given (empty for not planned)."""
    plan, _ = ReviewPlan.objects.select_for_update().get_or_create(review=review)
    for name in PLAN_DATES:
        setattr(plan, name, dates.get(name))
    plan.factual_accuracy_days = factual_accuracy_days
    plan.full_clean()
    plan.save()
    return plan
