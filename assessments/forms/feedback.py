from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.models import USEFULNESS, Stage
from peerreview.forms import form_helper


class FeedbackForm(forms.Form):
    to_change = forms.CharField(
        label="What should we change about the review process?",
        help_text="Optional. The Scottish Government's review managers read it, never with your council's "
        "name.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        error_messages={"max_length": "Your answer must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, stages: list[Stage], **kwargs):
        """Asks about ``stages`` only: those the review has reached (stages.stages_reached)."""
        super().__init__(*args, **kwargs)
        self.stages = stages
        for stage in stages:
            self.fields[stage.value] = forms.TypedChoiceField(
                label=f"How useful was {stage.label}?",
                choices=USEFULNESS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Say how useful {stage.label} was"},
            )
        self.order_fields([stage.value for stage in stages] + ["to_change"])
        self.helper = form_helper("Send feedback")
        self.helper.layout = Layout(
            *(Field.radios(stage.value, legend_size=Size.SMALL, small=True) for stage in stages),
            Field("to_change"),
        )

    def ratings(self) -> dict[str, int]:
        return {stage.value: self.cleaned_data[stage.value] for stage in self.stages}
