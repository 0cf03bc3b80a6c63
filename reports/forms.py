from typing import Any, cast

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.form_fields import AspectsField, CheckboxesField, aspect_choices, model_choices
from assessments.models import (
    AspectResponse,
    DeliveryArea,
    Finding,
    FindingKind,
    LineOfEnquiry,
    Report,
    Review,
)
from peerreview.forms import form_helper, long_text, paragraphs
from peerreview.stale_edits import VersionedForm
from reports.services import SECTIONS


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
        self.areas = {area.key: area for area in review.framework.areas.order_by("position")}
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
        lines = review.lines_of_enquiry.all()
        model_choices(self.fields["lines_of_enquiry"], lines)
        fields = [
            Field.radios("area", legend_size=Size.SMALL, inline=False),
            Field.radios("kind", legend_size=Size.SMALL),
            long_text(self, "text"),
            Field.checkboxes("aspects", legend_size=Size.SMALL, small=True),
        ]
        if lines:  # read once, for the checkboxes too
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


class ReportTextForm(VersionedForm):
    context = forms.CharField(
        label="Context sentence",
        help_text=(
            "Completes “The peer review hosted by the council is …”, for example "
            "“the fifth such review held in Scotland after a successful pilot exercise in February 2018”."
        ),
        required=False,
        max_length=1000,
    )
    executive_summary = forms.CharField(
        label="Executive summary",
        help_text="Leave a blank line between paragraphs.",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=50000,
    )
    key_findings = forms.CharField(
        label="Key findings",
        help_text="In order. Leave a blank line between findings.",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=50000,
    )
    acknowledgements = forms.CharField(
        label="Acknowledgements (optional)",
        help_text="Leave empty for the standard thanks to the council and its SPOC.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = self.editor_helper(
            "Save report text",
            Field.text("context"),
            long_text(self, "executive_summary"),
            long_text(self, "key_findings"),
            long_text(self, "acknowledgements"),
        )

    def stored_rows(self, current: Report) -> list[tuple[str, str]]:
        return [
            ("Context sentence", current.context or "None"),
            ("Executive summary", "\n\n".join(current.executive_summary) or "None"),
            ("Key findings", "\n\n".join(current.key_findings) or "None"),
            ("Acknowledgements", "\n\n".join(current.acknowledgements or []) or "The standard thanks"),
        ]

    def clean_executive_summary(self) -> list[str]:
        return paragraphs(self.cleaned_data["executive_summary"])

    def clean_key_findings(self) -> list[str]:
        return paragraphs(self.cleaned_data["key_findings"])

    def clean_acknowledgements(self) -> list[str]:
        return paragraphs(self.cleaned_data["acknowledgements"])


class CommentForm(forms.Form):
    section = forms.ChoiceField(
        label="Which section is your comment about?",
        choices=[("", "Choose a section")] + list(SECTIONS.items()),
        error_messages={"required": "Choose the section your comment is about"},
    )
    text = forms.CharField(
        label="Your comment",
        help_text="Say what is factually wrong or missing, and what it should say.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Enter your comment"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].widget.attrs["class"] = "govuk-select"
        self.helper = form_helper("Send comment")
        self.helper.layout = Layout(Field("section"), long_text(self, "text"))


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="How was it resolved?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        error_messages={"required": "Enter how the comment was resolved"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Resolve comment")
