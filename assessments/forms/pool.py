"""A person's profile in the programme's pool, the days they cannot do, the conflicts they
declare, and the directory's filters."""

from typing import cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from assessments.forms.fields import AspectAreaFilterForm, CheckboxesField
from assessments.models import Aspect, DeliveryArea, Framework, Stage
from peerreview.forms import DateField, FilterForm, form_helper


class FrameworkAspectsField(CheckboxesField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.text}"


def offer_framework(form: forms.Form, framework: Framework | None) -> None:
    """Offers ``framework``'s aspects and delivery areas in ``form``'s fields of those names."""
    aspects = cast(forms.ModelMultipleChoiceField, form.fields["aspects"])
    areas = cast(forms.ModelMultipleChoiceField, form.fields["areas"])
    aspects.queryset = Aspect.objects.filter(framework=framework).order_by("number")
    areas.queryset = DeliveryArea.objects.filter(framework=framework).order_by("position")


class PoolForm(forms.Form):
    """One of the forms of a profile page, saying which it is (``name``) when sent."""

    name = ""
    form = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].initial = self.name

    def clean_form(self):
        return self.name

    def pool_helper(self, button: str, *fields) -> FormHelper:
        """The GOV.UK helper for this form of the page: ``fields`` and which form it is, its
        hidden field and button given ids of their own (the page has three forms)."""
        self.fields["form"].widget.attrs["id"] = f"id_form_{self.name}"
        helper = form_helper(button)
        for submit in helper.inputs:
            submit.id = f"id_submit_{self.name}"
        helper.layout = Layout(*fields, "form")
        return helper


class ProfileForm(PoolForm):
    name = "profile"
    aspects = FrameworkAspectsField(
        label="Aspects you have expertise in",
        help_text="Select all that apply. Managers use this to suggest peers and mentors.",
        queryset=Aspect.objects.none(),
        required=False,
    )
    areas = CheckboxesField(
        label="Delivery areas you know well", queryset=DeliveryArea.objects.none(), required=False
    )
    reviews_consent = forms.BooleanField(
        label="You may be approached to be a peer on other councils' reviews", required=False
    )
    mentoring_consent = forms.BooleanField(
        label="You may be approached to mentor a council on an issue or theme", required=False
    )

    def __init__(self, *args, framework: Framework | None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_framework(self, framework)
        self.helper = self.pool_helper(
            "Save the profile",
            Field.checkboxes("aspects", small=True),
            Field.checkboxes("areas", small=True),
            Field.checkbox("reviews_consent"),
            Field.checkbox("mentoring_consent"),
        )


class UnavailabilityForm(PoolForm):
    name = "unavailable"
    first_day = DateField(what="the first day you cannot do", label="First day")
    last_day = DateField(what="the last day you cannot do", label="Last day")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self.pool_helper("Add these dates", Field("first_day"), Field("last_day"))


class ConflictForm(PoolForm):
    name = "conflict"
    organisation_name = forms.CharField(
        label="Organisation",
        help_text="The council or partner organisation, for example a former employer.",
        max_length=200,
        error_messages={"required": "Enter the organisation you have a conflict of interest with"},
    )
    reason = forms.CharField(
        label="Why",
        help_text="For example: former employer, or a shared CONTEST partnership.",
        max_length=200,
        error_messages={"required": "Enter why you have a conflict of interest"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self.pool_helper(
            "Declare this conflict",
            Field.text("organisation_name", field_width=30),
            Field.text("reason", field_width=30),
        )


class DirectoryFilterForm(AspectAreaFilterForm):
    consenting = forms.BooleanField(label="Only people who may be approached for reviews", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Show people")
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("aspect", field_width=2), Field.select("area"), Field.checkbox("consenting")
        )


class CalendarFilterForm(FilterForm):
    year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Enter the year as four digits, like 2026",
            "min_value": "Enter a year from 2000",
        },
    )
    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "Any stage"), *Stage.choices])
    # Typed, not chosen from a list: a list of everyone on an open review grows with the
    # programme (thousands of options in a large one, on every page of the calendar).
    person = forms.CharField(
        label="Person",
        help_text="Part of the name or email address of someone with a role on the review",
        required=False,
        max_length=100,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})
        self.helper = form_helper("Show dates")
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("year", field_width=4), Field.select("stage"), Field.text("person", field_width=20)
        )
