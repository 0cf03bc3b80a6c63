from typing import cast

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils.formats import date_format

from assessments.models import HOST_ROLES, Action, ActionStatus, SupportKind, SupportStatus
from peerreview.accounts.models import User
from peerreview.forms import DateField, form_helper, long_text
from peerreview.stale_edits import VersionedForm


class ActionForm(VersionedForm):
    description = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter what will be done"},
    )
    owner_user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Owner at the council",
        empty_label="Not a person with an account (name a role below)",
        help_text="An owner with an account is reminded by e-mail as the due date nears.",
    )
    owner = forms.CharField(
        label="Owner's name or role",
        help_text="For example, Public Protection Manager. Leave blank to use the owner's name above.",
        max_length=200,
        required=False,
    )
    due = DateField(what="the due date", label="Due date")
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        initial=ActionStatus.NOT_STARTED,
    )

    def __init__(self, *args, review, button: str = "Save action", **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner_user"]).queryset = User.objects.filter(
            review_roles__review=review,
            review_roles__role__in=HOST_ROLES,
            review_roles__removed_at__isnull=True,
        ).order_by("full_name")
        self.fields["owner_user"].widget.attrs["class"] = "govuk-select"
        self.fields["status"].error_messages["required"] = "Choose the status"
        self.helper = self.editor_helper(
            button,
            long_text(self, "description"),
            Field("owner_user"),
            Field.text("owner", field_width=30),
            Field("due"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
        )

    def stored_rows(self, current: Action) -> list[tuple[str, str]]:
        return [
            ("What will be done", current.description),
            ("Owner", current.owner),
            ("Due", date_format(current.due, "j F Y")),
            ("Status", current.get_status_display()),
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("owner", "").strip():
            if data.get("owner_user"):
                data["owner"] = data["owner_user"].full_name
            else:
                self.add_error("owner", "Choose an owner at the council or enter the owner's name or role")
        return data


class ProgressForm(forms.Form):
    text = forms.CharField(
        label="Progress update",
        help_text="Dated and kept: updates cannot be changed later.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter the progress update"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Add update")
        self.helper.form_action = ""


class SupportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What support would help?", choices=SupportKind.choices, widget=forms.RadioSelect
    )
    aspects = forms.TypedMultipleChoiceField(
        label="Which aspects is it about?",
        help_text="Optional. For mentoring, this helps the programme find the right expert.",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label="Tell us briefly what you need",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Describe the support you need"},
    )

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose the kind of support"
        numbers = framework.aspects.order_by("number").values_list("number", flat=True)
        cast(forms.ChoiceField, self.fields["aspects"]).choices = [(n, f"Aspect {n}") for n in numbers]
        self.fields[
            "description"
        ].help_text = "If you ask for mentoring, the expert the programme asks to mentor you reads this."
        self.helper = form_helper("Request support")
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.checkboxes("aspects", small=True, legend_size=Size.SMALL),
            long_text(self, "description"),
        )


class SupportHandleForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=SupportStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status of the request"},
    )
    note = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Save")
        # The page's form, one for each request, says where it goes and carries the tokens.
        self.helper.form_tag, self.helper.disable_csrf = False, True
        self.helper.layout = Layout(
            Field.radios("status", legend_size=Size.SMALL, inline=True), long_text(self, "note")
        )


class MentorAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Will you mentor the council?",
        choices=[("accept", "Yes, I will mentor them"), ("decline", "No, not this time")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you will mentor the council"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Send my answer")
        self.helper.layout = Layout(Field.radios("answer", legend_size=Size.MEDIUM))


class MentoringOutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="What came of the mentoring",
        help_text="For example: the council's training needs analysis was refreshed with the mentor's help.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter what came of the mentoring"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Record the outcome")
        # The page's form says which match it is for and carries the tokens.
        self.helper.form_tag, self.helper.disable_csrf = False, True
        self.helper.layout = Layout(long_text(self, "outcome"))
