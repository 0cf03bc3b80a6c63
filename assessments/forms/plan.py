from typing import Any

from crispy_forms_gds.layout import Field, Layout
from django import forms

from assessments.models import PLAN_DATES
from peerreview.forms import DateField, form_helper


class PlanForm(forms.Form):
    """The review plan: a GOV.UK date input for each date (each may be left empty), and the
    factual-accuracy window in working days."""

    factual_accuracy_days = forms.IntegerField(
        label="Factual-accuracy check, in working days",
        help_text=(
            "Counted from the day the draft goes to the council, "
            "without weekends and Scottish public holidays."
        ),
        min_value=1,
        max_value=30,
        error_messages={
            "required": "Enter how many working days the council has to check the draft",
            "min_value": "The check must last at least 1 working day",
            "max_value": "The check must last 30 working days or fewer",
            "invalid": "Enter the number of working days as a whole number, like 5",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in PLAN_DATES.items():
            self.fields[name] = DateField(what=f"the date for “{label.lower()}”", label=label, required=False)
        self.fields["factual_accuracy_days"].widget.attrs["class"] = "govuk-input--width-3"
        self.helper = form_helper("Save the plan")
        names = list(PLAN_DATES)
        self.helper.layout = Layout(
            *(Field(name) for name in names[:4]),
            Field("factual_accuracy_days"),
            *(Field(name) for name in names[4:]),
        )
