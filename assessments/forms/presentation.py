from crispy_forms_gds.layout import Field
from django import forms

from assessments.models import Report
from peerreview.forms import DateField, long_text, paragraphs
from peerreview.stale_edits import VersionedForm


class PresentationForm(VersionedForm):
    date = DateField(what="the date of the presentation", label="Date of the presentation")
    attendees = forms.CharField(
        label="Who attended",
        help_text="Job titles, one per line, like Chief Executive.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    key_findings = forms.CharField(
        label="Key findings",
        help_text="In the order you will present them. Leave a blank line between findings.",
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        max_length=50000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self.editor_helper(
            "Save", Field("date"), long_text(self, "attendees"), long_text(self, "key_findings")
        )

    def stored_rows(self, current: Report) -> list[tuple[str, str]]:
        """The key findings are the report's, and versioned with it."""
        numbered = [f"{number}. {text}" for number, text in enumerate(current.key_findings, start=1)]
        return [("Key findings", "\n".join(numbered) or "None")]

    def clean_attendees(self):
        return [line.strip() for line in self.cleaned_data["attendees"].splitlines() if line.strip()]

    def clean_key_findings(self):
        return paragraphs(self.cleaned_data["key_findings"])
