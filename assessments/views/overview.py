from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from assessments.models import SupportRequest, SupportStatus
from assessments.reads import overview
from assessments.reads import programme_years as years
from assessments.rules import programme
from peerreview.pagination import paginate
from reports.documents.csv_files import csv_response
from reports.documents.overview import overview_rows
from reports.documents.sheets import xlsx_response

COUNCILS_CHARTED = 10  # the page charts the councils with most overdue actions; the files list all
SUPPORT_PER_PAGE = 25


def _figures(councils: int | None = None):
    levels, ratings = overview.ratings_by_aspect()
    overdue, overdue_elsewhere = overview.overdue_by_council(councils)
    reviews, improvements = years.reviews_by_year(), years.improvements_by_year()
    return {
        "stages": overview.reviews_by_stage(reviews),
        "levels": levels,
        "ratings": ratings,
        "areas": overview.improvements_by_area(improvements),
        "overdue": overdue,
        "overdue_elsewhere": overdue_elsewhere,
        "years": {
            "Reviews by year and stage": reviews,
            "Suggested improvements by year and delivery area": improvements,
            "Actions by the year they were due": years.actions_by_year(timezone.localdate()),
            "Peer-to-peer mentoring by year": years.mentoring_by_year(),
        },
    }


@login_required
def national_overview(request):
    programme.require_overview(request.user)
    support = (
        SupportRequest.objects.exclude(status=SupportStatus.CLOSED)
        .select_related("review__host")
        .order_by("requested_at", "pk")
    )
    page = paginate(request, support, SUPPORT_PER_PAGE)
    context = _figures(COUNCILS_CHARTED) | {
        "support": page.object_list,
        "page": page,
        "feedback": overview.feedback_by_year(),
    }
    return render(request, "assessments/overview.html", context)


OVERVIEW_HEADER = ["figure", "label", "value"]
OVERVIEW_FILE = "prevent-peer-reviews-overview"


@login_required
def national_overview_csv(request):
    programme.require_overview(request.user)
    return csv_response(
        request, header=OVERVIEW_HEADER, rows=overview_rows(_figures()), filename=f"{OVERVIEW_FILE}.csv"
    )


@login_required
def national_overview_xlsx(request):
    programme.require_overview(request.user)
    rows = overview_rows(_figures())
    return xlsx_response(
        request,
        header=OVERVIEW_HEADER,
        rows=rows,
        filename=f"{OVERVIEW_FILE}.xlsx",
        title="National overview",
    )
