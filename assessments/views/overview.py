from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from assessments import access, overview
from assessments.models import SupportRequest, SupportStatus
from reports.csv import csv_response
from reports.overview import overview_rows
from reports.sheets import xlsx_response


def _figures():
    levels, ratings = overview.ratings_by_aspect()
    return {
        "stages": overview.reviews_by_stage(),
        "levels": levels,
        "ratings": ratings,
        "areas": overview.improvements_by_area(),
        "overdue": overview.overdue_by_council(),
    }


@login_required
def national_overview(request):
    access.require_overview(request.user)
    support = (
        SupportRequest.objects.exclude(status=SupportStatus.CLOSED)
        .select_related("review__host")
        .order_by("requested_at")
    )
    context = _figures() | {"support": support, "feedback": overview.feedback_by_year()}
    return render(request, "assessments/overview.html", context)


@login_required
def national_overview_csv(request):
    access.require_overview(request.user)
    return csv_response(
        header=["figure", "label", "value"],
        rows=overview_rows(_figures()),
        filename="prevent-peer-reviews-overview.csv",
    )


@login_required
def national_overview_xlsx(request):
    access.require_overview(request.user)
    return xlsx_response(
        header=["figure", "label", "value"],
        rows=overview_rows(_figures()),
        filename="prevent-peer-reviews-overview.xlsx",
        title="National overview",
    )
