from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.forms.fields import ObjectChoiceField
from assessments.models import Framework, ProtectiveMarking, Review, Role
from peerreview.forms import DateField, form_helper


class ReviewForm(forms.Form):
    host_name = forms.CharField(
        label="Council or organisation being reviewed",
        max_length=200,
        error_messages={"required": "Enter the name of the council or organisation being reviewed"},
    )
    framework = ObjectChoiceField(
        queryset=Framework.objects.all(),
        label="Self-assessment framework",
        empty_label=None,
        error_messages={"required": "Choose the self-assessment framework"},
    )
    on_site_start = DateField(what="the first on-site day", label="First on-site day", required=False)
    on_site_end = DateField(what="the last on-site day", label="Last on-site day", required=False)
    venue = forms.CharField(
        label="Venue", max_length=200, required=False, help_text="For example, the council HQ."
    )
    protective_marking = forms.ChoiceField(
        label="Protective marking",
        choices=ProtectiveMarking.choices,
        initial=ProtectiveMarking.OFFICIAL,
        widget=forms.RadioSelect,
        help_text="Shown on every page and every page of the report.",
        error_messages={
            "required": "Choose the protective marking of the review",
            "invalid_choice": "Choose OFFICIAL or OFFICIAL-SENSITIVE as the protective marking",
        },
    )
    reference = forms.SlugField(
        label="Reference",
        max_length=80,
        required=False,
        help_text=(
            "Lower-case letters, numbers and hyphens. Leave blank to use the council's name and the year."
        ),
        error_messages={"invalid": "The reference can only use lower-case letters, numbers and hyphens"},
    )

    def __init__(self, *args, review: Review | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        if review is not None:
            # The host and framework of a review are fixed once it has started.
            del self.fields["host_name"], self.fields["framework"]
            self.fields["reference"].required = True
            self.fields["reference"].help_text = "Lower-case letters, numbers and hyphens."
            self.fields["reference"].error_messages["required"] = "Enter a reference"
        self.helper = form_helper("Save review" if review else "Set up review")
        self.helper.layout = Layout(
            *(["host_name", "framework"] if review is None else []),
            Field("on_site_start"),
            Field("on_site_end"),
            Field.text("venue"),
            Field.radios("protective_marking", legend_size=Size.SMALL),
            Field.text("reference", field_width=20),
        )

    def clean_reference(self):
        reference = self.cleaned_data["reference"].lower()
        taken = Review.objects.filter(reference=reference)
        if self.review is not None:
            taken = taken.exclude(pk=self.review.pk)
        if reference and taken.exists():
            raise forms.ValidationError("Another review has this reference. Choose another")
        return reference

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("on_site_start"), data.get("on_site_end")
        if start and end and end < start:
            self.add_error("on_site_end", "The last on-site day must be the same as or after the first")
        if bool(start) != bool(end) and not self.errors:
            missing = "on_site_end" if start else "on_site_start"
            self.add_error(missing, "Enter both on-site days, or neither")
        return data


class PersonLookupForm(forms.Form):
    """Adding a person, first page: who (by e-mail address) and in which role."""

    role = forms.ChoiceField(
        label="Role on this review",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person's role on this review"},
    )
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter the person's e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Continue")
        self.helper.layout = Layout(
            Field.radios("role", legend_size=Size.SMALL), Field.text("email", field_width=30)
        )


class PersonDetailsForm(forms.Form):
    """Adding a person, second page, for someone without an account: who they are. The
    organisation is asked for the team only: council contacts belong to the council."""

    role = forms.CharField(widget=forms.HiddenInput)
    email = forms.EmailField(widget=forms.HiddenInput)
    details = forms.CharField(widget=forms.HiddenInput, initial="1")
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the person's full name"}
    )
    job_title = forms.CharField(
        label="Job title", max_length=200, error_messages={"required": "Enter the person's job title"}
    )
    organisation_name = forms.CharField(
        label="Organisation",
        max_length=200,
        required=False,
        error_messages={"required": "Enter the organisation the person works for"},
    )

    def __init__(self, *args, team: bool, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field.text("full_name", field_width=30), Field.text("job_title", field_width=30)]
        if team:
            self.fields["organisation_name"].required = True
            fields.append(Field.text("organisation_name", field_width=30))
        else:
            del self.fields["organisation_name"]
        self.helper = form_helper("Add person")
        self.helper.layout = Layout(*fields)
        self.helper.render_unmentioned_fields = True  # the role and address from the first page


class ReasonForm(forms.Form):
    """A reason recorded with a move that undoes something (a stage back, a reopening)."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter a reason"},
    )

    def __init__(self, *args, label: str, button: str, required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = "The review team can read this in the review's history."
        self.fields["reason"].error_messages["required"] = required_message
        self.helper = form_helper(button, warning=True)
