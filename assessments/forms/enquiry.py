from typing import cast

from crispy_forms_gds.layout import Field, Size
from django import forms

from assessments.forms.fields import AspectsField
from assessments.models import LineOfEnquiry, Review
from peerreview.forms import long_text
from peerreview.stale_edits import VersionedForm


class LineOfEnquiryForm(VersionedForm):
    text = forms.CharField(
        label="Line of enquiry",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter the line of enquiry"},
    )

    def __init__(self, *args, review: Review, button: str = "Add line of enquiry", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspects"] = AspectsField(
            review=review, error_messages={"required": "Choose at least one aspect"}
        )
        self.fields["aspects"].required = True
        self.helper = self.editor_helper(
            button, long_text(self, "text"), Field.checkboxes("aspects", legend_size=Size.SMALL, small=True)
        )

    def stored_rows(self, current: LineOfEnquiry) -> list[tuple[str, str]]:
        return [
            ("Line of enquiry", current.text),
            ("Aspects", ", ".join(map(str, current.aspects)) or "None"),
        ]


class EnquiryFilterForm(forms.Form):
    aspect = forms.TypedChoiceField(coerce=int, required=False, label="Aspect", empty_value=None)
    area = forms.ChoiceField(required=False, label="Delivery area")

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["aspect"]).choices = [("", "All aspects")] + [
            (a.number, f"Aspect {a.number}") for a in review.framework.aspect_list
        ]
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", "All areas")] + [
            (a.key, a.title) for a in review.framework.area_list
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"
