"""Filtering the good-practice library, searching across reviews, and the council's sharing."""

from typing import cast

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.forms.fields import AspectAreaFilterForm, year_field
from assessments.models import PublishedFinding
from assessments.reads.library import KINDS
from peerreview.forms import form_helper


class LibraryFilterForm(AspectAreaFilterForm):
    words = forms.CharField(label="Words", required=False, max_length=200)
    year = year_field("Year published")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})
        self.helper = form_helper("Show good practice")
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("words", field_width=20),
            Field.select("area"),
            Field.text("aspect", field_width=2),
            Field.text("year", field_width=4),
        )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search reviews, findings, actions and support requests",
        max_length=200,
        error_messages={"required": "Enter the words to search for"},
    )
    kind = forms.ChoiceField(
        label="Look in",
        required=False,
        choices=[("", "Everything"), *KINDS.items()],
        error_messages={"invalid_choice": "Choose where to look from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Search")
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.text("q"), Field.select("kind"))


class SharingForm(forms.Form):
    shared = forms.MultipleChoiceField(
        label="Which good practice may other councils read?",
        help_text="In the wording of your published report, with your council's name. None is shared "
        "unless you choose it; you can change this later.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contactable = forms.BooleanField(
        label="Other councils may e-mail me about the good practice we share", required=False
    )

    def __init__(self, *args, findings: list[PublishedFinding], **kwargs):
        super().__init__(*args, **kwargs)
        # Each choice is the live finding the consent is kept on, labelled in its published wording.
        choices = [(str(finding.finding_id), finding.text) for finding in findings]
        cast(forms.MultipleChoiceField, self.fields["shared"]).choices = choices
        self.helper = form_helper("Save what we share")
        self.helper.layout = Layout(
            Field.checkboxes("shared", legend_size=Size.SMALL, small=True), Field("contactable")
        )
