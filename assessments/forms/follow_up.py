from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.models import ActionStatus, SupportKind, SupportStatus
from peerreview.forms import DateField, form_helper


class ActionForm(forms.Form):
    action = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter what will be done"},
    )
    owner = forms.CharField(
        label="Owner",
        help_text="A person or a named role, like Public Protection Manager.",
        max_length=200,
        error_messages={"required": "Enter who owns the action"},
    )
    due = DateField(what="the due date", label="Due date")
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        initial=ActionStatus.NOT_STARTED,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, button: str = "Save action", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["required"] = "Choose the status"
        self.helper = form_helper(button)
        self.helper.attrs = {"data-warn-unsaved": "true"}
        self.helper.layout = Layout(
            Field.textarea("action"),
            Field.text("owner", field_width=30),
            Field("due"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
        )
        self.helper.render_unmentioned_fields = True


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
    description = forms.CharField(
        label="Tell us briefly what you need",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Describe the support you need"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["required"] = "Choose the kind of support"
        self.helper = form_helper("Request support")
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL), Field.textarea("description")
        )


class SupportHandleForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=SupportStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Save")
        self.helper.layout = Layout(
            Field.radios("status", legend_size=Size.SMALL, inline=True), Field.textarea("note")
        )
