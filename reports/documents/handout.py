"""The presentation's handout: the key findings as presented, as a PDF."""

from django.template.loader import render_to_string

from assessments.models import Presentation, Report, Review
from reports.documents.pdf_cache import pdf_for
from reports.models import RenderedPDF


def handout_pdf(review: Review) -> bytes:
    context = {
        "review": review,
        "presentation": Presentation.objects.filter(review=review).first(),
        "report": Report.objects.filter(review=review).first(),
    }
    html = render_to_string("reports/handout_pdf.html", context)
    return pdf_for(review=review, kind=RenderedPDF.Kind.HANDOUT, html=html)
