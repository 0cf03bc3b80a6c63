"""The action plan as documents: CSV rows and the PDF, from the published plan."""

import datetime
from collections.abc import Iterator

from django.template.loader import render_to_string

from assessments.models import Review
from assessments.reads.action_plans import ActionPlan
from reports.documents.pdf_cache import pdf_for
from reports.models import RenderedPDF

CSV_HEADER = [
    "Area",
    "Suggested improvement",
    "In the latest report",
    "Action",
    "Owner",
    "Due",
    "Status",
    "Overdue",
    "Latest update",
]


def action_plan_rows(plan: ActionPlan, today: datetime.date) -> Iterator[list[object]]:
    """The plan's rows for the CSV and the spreadsheet; the due date is a date (the CSV writes it
    as 2026-06-10, the spreadsheet as a date)."""
    for finding, action, current in plan.rows():
        updates = list(action.updates.all())
        yield [
            finding.area.title,
            finding.text,
            "yes" if current else "no",
            action.description,
            action.owner,
            action.due,
            action.get_status_display(),
            "yes" if action.is_overdue(today) else "no",
            f"{updates[-1].at:%Y-%m-%d}: {updates[-1].text}" if updates else "",
        ]


def action_plan_pdf(review: Review, plan: ActionPlan, today: datetime.date) -> bytes:
    html = render_to_string("reports/action_plan_pdf.html", {"review": review, "plan": plan, "today": today})
    return pdf_for(review=review, kind=RenderedPDF.Kind.ACTION_PLAN, html=html)
