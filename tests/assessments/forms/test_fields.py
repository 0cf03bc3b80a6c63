"""Model choices drawn as GOV.UK radios and checkboxes: each field's objects read once.

The GOV.UK templates take the number of choices before looping over them; Django's own
iterator would count them in a query of its own and then read them in another."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from assessments.forms.hub import QuestionForm
from assessments.forms.pool import ProfileForm
from assessments.forms.self_assessment import ResponseForm
from assessments.models import Evidence, Framework
from tests.queries import statements

CRISPY = Template("{% load crispy_forms_tags %}{% crispy form %}")


def _drawn(form) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        html = CRISPY.render(Context({"form": form}))
    return html, statements(captured)


def test_a_self_assessment_answer_reads_its_ratings_and_documents_once_each(cast):
    review = cast.review
    for key, title in (("E1", "Training plan"), ("E2", "Referral pathway")):
        Evidence.objects.create(review=review, key=key, title=title)
    with CaptureQueriesContext(connection) as building:
        form = ResponseForm(review=review, aspect=review.framework.aspects.first())
    html, drawing = _drawn(form)
    reads = statements(building) + drawing
    assert [sql for sql in reads if "COUNT(" in sql] == []
    assert sum('FROM "assessments_ratinglevel"' in sql for sql in reads) == 1
    assert sum('FROM "assessments_evidence"' in sql for sql in reads) == 1
    levels = list(review.framework.rating_levels.order_by("position"))
    assert html.count('type="radio"') == len(levels) >= 2
    assert "E1: Training plan" in html
    assert "E2: Referral pathway" in html


@pytest.mark.parametrize("form_class", [ProfileForm, QuestionForm])
def test_aspects_and_areas_are_each_read_once(db, form_class):
    framework = Framework.objects.order_by("-pk").first()
    html, reads = _drawn(form_class(framework=framework))
    assert [sql for sql in reads if "COUNT(" in sql] == []
    assert sum('FROM "assessments_aspect"' in sql for sql in reads) == 1
    assert sum('FROM "assessments_deliveryarea"' in sql for sql in reads) == 1
    assert html.count('type="checkbox"') >= framework.aspects.count() + framework.areas.count()
