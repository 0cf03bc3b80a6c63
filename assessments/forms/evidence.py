from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.forms.fields import AspectsField, ShownField
from assessments.models import Review
from peerreview.forms import form_helper


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Choose a file",
        help_text="PDF, DOCX, XLSX, PPTX, ODT, ODS, TXT, CSV, PNG or JPEG.",
        error_messages={"required": "Choose a file to upload"},
        allow_empty_file=True,  # the evidence service refuses it, naming the file
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspects"] = AspectsField(review=review)
        self.helper = form_helper("Upload")
        self.helper.layout = Layout(
            Field("file"), Field.checkboxes("aspects", legend_size=Size.SMALL, small=True)
        )


class EvidenceEditForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter a title"})
    shown = ShownField()  # the aspects the page showed as linked

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspects"] = AspectsField(review=review)
        self.helper = form_helper("Save")
        self.helper.layout = Layout(
            Field.text("title"), Field.checkboxes("aspects", legend_size=Size.SMALL, small=True)
        )
        self.helper.render_unmentioned_fields = True


class VersionForm(forms.Form):
    file = forms.FileField(
        label="Choose the new version", error_messages={"required": "Choose a file to upload"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Upload new version")
