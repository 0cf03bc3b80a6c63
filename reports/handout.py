"""The presentation's handout: the key findings as presented, as a PDF."""

from django.template.loader import render_to_string

from assessments.models import Presentation, Report, Review
from reports.pdf import render_pdf


def handout_pdf(review: Review) -> bytes:
    context = {
        "review": review,
        "presentation": Presentation.objects.filter(review=review).first(),
        "report": Report.objects.filter(review=review).first(),
    }
    return render_pdf(render_to_string("reports/handout_pdf.html", context))
