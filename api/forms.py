from django import forms

from api.tokens import DAYS_CHOICES
from peerreview.forms import form_helper


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="So you know it again in this list, like “Performance system sync”.",
        max_length=100,
        error_messages={"required": "Say what the token is for", "max_length": "Use 100 characters or fewer"},
    )
    writes = forms.TypedChoiceField(
        label="What may it do?",
        choices=[("false", "Read only"), ("true", "Read and change what you may change")],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the token may do"},
    )
    days = forms.TypedChoiceField(
        label="How long should it work?",
        choices=[(str(days), f"{days} days") for days in DAYS_CHOICES],
        coerce=int,
        initial="90",
        error_messages={"required": "Choose how long the token should work"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Make a token")
