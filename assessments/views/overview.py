import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from assessments import access, overview
from assessments.models import SupportRequest, SupportStatus


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
    return render(request, "assessments/overview.html", _figures() | {"support": support})


@login_required
def national_overview_csv(request):
    access.require_overview(request.user)
    figures = _figures()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["figure", "label", "value"])
    for bar in figures["stages"]:
        writer.writerow(["reviews by stage", bar.label, bar.value])
    for row in figures["ratings"]:
        for level, count in zip(figures["levels"], row["counts"], strict=True):
            writer.writerow([f"aspect {row['aspect']} self-assessment ratings", level, count])
    for bar in figures["areas"]:
        writer.writerow(["improvement findings by area", bar.label, bar.value])
    for bar in figures["overdue"]:
        writer.writerow(["overdue actions by council", bar.label, bar.value])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="prevent-peer-reviews-overview.csv"'
    response["Cache-Control"] = "no-store"
    return response
