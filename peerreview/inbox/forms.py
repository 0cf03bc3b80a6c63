from django import forms

from peerreview.accounts.models import EmailFrequency
from peerreview.forms import form_helper


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label="When should we e-mail you your notifications?",
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        help_text="Every notification is also kept on your notifications page. "
        "Calendar invitations for interviews are always sent at once.",
        error_messages={"required": "Choose when we should e-mail you"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Save")
