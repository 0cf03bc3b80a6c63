"""The form a finding is written in, beside the council's own rating of each aspect."""

from typing import Any, cast

from crispy_forms_gds.layout import Field, Size
from django import forms

from assessments.forms.fields import AspectsField, CheckboxesField, aspect_choices, model_choices
from assessments.models import AspectResponse, DeliveryArea, Finding, FindingKind, LineOfEnquiry, Review
from peerreview.forms import long_text
from peerreview.stale_edits import VersionedForm


class FindingForm(VersionedForm):
    area = forms.ChoiceField(label="Delivery area", widget=forms.RadioSelect)
    kind = forms.ChoiceField(label="Kind of finding", choices=FindingKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Finding",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": "Enter the finding"},
    )
    lines_of_enquiry = CheckboxesField(
        queryset=LineOfEnquiry.objects.none(),
        required=False,
        label="Lines of enquiry it answers",
    )

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {area.key: area for area in review.framework.area_list}
        cast(forms.ChoiceField, self.fields["area"]).choices = [
            (key, a.title) for key, a in self.areas.items()
        ]
        self.fields["area"].error_messages["required"] = "Choose the delivery area"
        self.fields["kind"].error_messages["required"] = (
            "Choose good practice or a suggested area of improvement"
        )
        # The host's own rating beside each aspect, so that findings can be weighed against it.
        ratings = {
            n: r.rating.label
            for n, r in AspectResponse.objects.by_aspect(review).items()
            if r.rating is not None
        }
        aspects = AspectsField(review=review, label="Aspects it relates to")
        aspects.choices = [
            (number, f"{label} (self-assessed: {ratings.get(number, 'not rated')})")
            for number, label in aspect_choices(review)
        ]
        self.fields["aspects"] = aspects
        lines = model_choices(self.fields["lines_of_enquiry"], review.lines_of_enquiry.all())
        fields = [
            Field.radios("area", legend_size=Size.SMALL, inline=False),
            Field.radios("kind", legend_size=Size.SMALL),
            long_text(self, "text"),
            Field.checkboxes("aspects", legend_size=Size.SMALL, small=True),
        ]
        if lines.queryset:  # read once, for the checkboxes too
            fields.append(Field.checkboxes("lines_of_enquiry", legend_size=Size.SMALL, small=True))
        else:
            del self.fields["lines_of_enquiry"]
        self.helper = self.editor_helper("Save finding", *fields)

    def stored_rows(self, current: Finding) -> list[tuple[str, str]]:
        return [
            ("Delivery area", current.area.title),
            ("Kind of finding", current.get_kind_display()),
            ("Aspects", ", ".join(map(str, current.aspects)) or "None"),
            ("Finding", current.text),
        ]

    def clean_area(self) -> DeliveryArea:
        return self.areas[self.cleaned_data["area"]]
