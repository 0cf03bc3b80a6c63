from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from assessments.models import (
    Report,
)
from peerreview.forms import form_helper, long_text, paragraphs
from peerreview.stale_edits import VersionedForm
from reports.documents.content import SECTION_TITLES


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
        choices=[("", "Choose a section")] + list(SECTION_TITLES.items()),
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
