"""The SPOCs' knowledge hub: asking, answering, hiding a post, and narrowing the questions."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.forms.fields import AspectAreaFilterForm, CheckboxesField
from assessments.forms.pool import FrameworkAspectsField, offer_framework
from assessments.models import Aspect, DeliveryArea, Framework
from peerreview.forms import form_helper, long_text

NO_PERSONAL_DATA = (
    "The hub is OFFICIAL and read by SPOCs, peers and review managers across Scotland. Do not "
    "post personal data or details of any case or referral."
)


class QuestionForm(forms.Form):
    title = forms.CharField(
        label="Your question, in a sentence",
        max_length=200,
        error_messages={"required": "Enter your question"},
    )
    body = forms.CharField(
        label="More detail",
        help_text=NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Enter more detail, so that others can answer"},
    )
    aspects = FrameworkAspectsField(
        label="Aspects it is about (optional)", queryset=Aspect.objects.none(), required=False
    )
    areas = CheckboxesField(
        label="Delivery areas it is about (optional)", queryset=DeliveryArea.objects.none(), required=False
    )

    def __init__(self, *args, framework: Framework | None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_framework(self, framework)
        self.helper = form_helper("Ask the network")
        self.helper.layout = Layout(
            Field.text("title"),
            long_text(self, "body"),
            Field.checkboxes("aspects", small=True, legend_size=Size.SMALL),
            Field.checkboxes("areas", small=True, legend_size=Size.SMALL),
        )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label="Your answer",
        help_text=NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Enter your answer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Post your answer")
        self.helper.layout = Layout(long_text(self, "body"))


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Why are you hiding it?",
        help_text="Its author is told this reason.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the post is hidden: its author is told"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Hide the post", warning=True)
        self.helper.layout = Layout(long_text(self, "reason"))


class HubFilterForm(AspectAreaFilterForm):
    words = forms.CharField(label="Words", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("Show questions")
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("words", field_width=20), Field.text("aspect", field_width=2), Field.select("area")
        )
