from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


class StageReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why is the review going back a stage?",
        help_text="Everyone on the review team can read this in the stage history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter why the review is going back a stage"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Move back a stage", css_class="govuk-button--warning"))
