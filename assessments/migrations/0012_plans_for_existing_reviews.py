"""Gives every review its plan, proposed from its on-site days as new reviews are."""

import datetime

from django.conf import settings
from django.db import migrations


def propose_plans(apps, schema_editor):
    Review = apps.get_model("assessments", "Review")
    ReviewPlan = apps.get_model("assessments", "ReviewPlan")
    plans = []
    for review in Review.objects.filter(plan__isnull=True):
        anchors = {"on_site_start": review.on_site_start, "on_site_end": review.on_site_end}
        dates = {
            name: anchors[anchor] + datetime.timedelta(days=days)
            for name, (anchor, days) in settings.REVIEW_PLAN.items()
            if anchors[anchor] is not None
        }
        plans.append(
            ReviewPlan(
                review=review, factual_accuracy_days=settings.REVIEW_PLAN_FACTUAL_ACCURACY_DAYS, **dates
            )
        )
    ReviewPlan.objects.bulk_create(plans, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0011_review_plan"),
    ]

    operations = [
        migrations.RunPython(propose_plans, migrations.RunPython.noop),
    ]
