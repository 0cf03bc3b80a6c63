"""The self-assessment as a Word document, for a council's sign-off before it is submitted: every
aspect's rating, answer and evidence, by area, with the protective marking, from the same answers
as the pages (``assessments.reads.answers``)."""

import datetime

from django.template.loader import render_to_string

from assessments.models import AspectResponse, EvidenceAspect, Review, SelfAssessment
from assessments.reads.answers import answers_by_area
from reports.documents.word import word_document


def self_assessment_html(review: Review, today: datetime.date) -> str:
    areas = answers_by_area(
        review, AspectResponse.objects.by_aspect(review), EvidenceAspect.objects.by_aspect(review)
    )
    context = {
        "review": review,
        "areas": areas,
        "self_assessment": SelfAssessment.objects.filter(review=review).first(),
        "today": today,
    }
    return render_to_string("reports/self_assessment_document.html", context)


def self_assessment_docx(review: Review, today: datetime.date) -> bytes:
    return word_document(self_assessment_html(review, today))
