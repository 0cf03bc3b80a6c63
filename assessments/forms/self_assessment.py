from crispy_forms_gds.layout import Field, Size
from django import forms

from assessments.forms.fields import CheckboxesField, RadiosField, ShownField, label_choices, model_choices
from assessments.models import Aspect, AspectResponse, Evidence, RatingLevel, Review
from peerreview.forms import form_helper, long_text
from peerreview.stale_edits import VersionedForm

NOTHING_ENTERED = "Choose a rating, describe how the council meets this aspect, or both"


class ResponseForm(VersionedForm):
    rating = RadiosField(
        queryset=RatingLevel.objects.none(),
        required=False,
        empty_label=None,
        label="How would you rate the council on this aspect?",
    )
    narrative = forms.CharField(
        label="Describe how the council meets this aspect",
        help_text="Say what is in place, what is planned and what evidence shows it.",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=20000,
        error_messages={"max_length": "The description must be 20,000 characters or fewer"},
    )
    evidence = CheckboxesField(
        queryset=Evidence.objects.none(),
        required=False,
        label="Which documents support this answer?",
    )
    evidence_shown = ShownField()

    def __init__(self, *args, review: Review, aspect: Aspect, **kwargs):
        super().__init__(*args, **kwargs)
        model_choices(self.fields["rating"], review.framework.rating_levels.all())
        documents = Evidence.objects.current().filter(review=review)
        evidence = label_choices(
            model_choices(self.fields["evidence"], documents), lambda e: f"{e.key}: {e.title}"
        )
        fields = [Field.radios("rating", legend_size=Size.MEDIUM), long_text(self, "narrative")]
        if evidence.queryset:  # read once, for the checkboxes too
            fields.append(Field.checkboxes("evidence", legend_size=Size.SMALL, small=True))
        else:
            del self.fields["evidence"]
        self.helper = self.editor_helper("Save and continue", *fields)

    def stored_rows(self, current: AspectResponse) -> list[tuple[str, str]]:
        rating = current.rating.label if current.rating is not None else "Not rated"
        return [("Rating", rating), ("Description", current.narrative or "None")]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        changed_evidence = data.get("evidence") or data.get("evidence_shown")
        if not data.get("rating") and not data.get("narrative", "").strip() and not changed_evidence:
            # An empty save would say "saved" and keep nothing: say so instead.
            self.add_error("rating", NOTHING_ENTERED)
        return data


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label="Upload the filled-in workbook",
        help_text="The Excel workbook (.xlsx) you downloaded from this page. You will see what will "
        "change before anything is saved.",
        error_messages={"required": "Choose the workbook to upload", "empty": "The file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Upload and check")

    def clean_workbook(self):
        workbook = self.cleaned_data["workbook"]
        if not workbook.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("The file must be an Excel workbook (.xlsx)")
        return workbook
