from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.forms.fields import AspectsField
from assessments.models import Review
from peerreview.forms import form_helper


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the evidence service."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Choose files",
        help_text="PDF, DOCX, XLSX, PPTX, ODT, ODS, TXT, CSV, PNG or JPEG.",
        error_messages={"required": "Choose one or more files to upload"},
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspects"] = AspectsField(review=review)
        self.fields["files"].widget.attrs["multiple"] = True
        self.helper = form_helper("Upload")
        self.helper.layout = Layout(
            Field("files"), Field.checkboxes("aspects", legend_size=Size.SMALL, small=True)
        )


class EvidenceEditForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter a title"})

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspects"] = AspectsField(review=review)
        self.helper = form_helper("Save")
        self.helper.layout = Layout(
            Field.text("title"), Field.checkboxes("aspects", legend_size=Size.SMALL, small=True)
        )


class VersionForm(forms.Form):
    file = forms.FileField(
        label="Choose the new version", error_messages={"required": "Choose a file to upload"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Upload new version")
