"""Finding a review in the list: by council or reference, stage and year, in an order."""

from crispy_forms_gds.layout import Field, Layout
from django import forms

from assessments.forms.fields import year_field
from assessments.models import Stage
from peerreview.forms import FilterForm, form_helper

CLOSED = "closed"
SORTS = {
    "date": "Most recent on-site days first",
    "council": "Council, A to Z",
    "stage": "Stage, earliest first",
}


class ReviewFilterForm(FilterForm):
    q = forms.CharField(label="Council or reference", required=False, max_length=100)
    stage = forms.ChoiceField(
        label="Stage", required=False, choices=[("", "Any stage"), *Stage.choices, (CLOSED, "Closed")]
    )
    year = year_field("Year of the on-site days")
    sort = forms.ChoiceField(label="Sort by", required=False, choices=list(SORTS.items()))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})
        self.helper = form_helper("Show reviews")
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("q", field_width=20),
            Field.select("stage"),
            Field.text("year", field_width=4),
            Field.select("sort"),
        )
