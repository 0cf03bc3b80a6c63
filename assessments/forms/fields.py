from django import forms

from assessments.models import Review


def aspect_choices(review: Review) -> list[tuple[int, str]]:
    return [(aspect.number, f"{aspect.number}. {aspect.text}") for aspect in review.framework.aspects.all()]


class AspectsField(forms.TypedMultipleChoiceField):
    """Checkboxes of the review's framework aspects; cleans to a list of aspect numbers."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, review: Review, **kwargs):
        kwargs.setdefault("label", "Which aspects does this relate to?")
        kwargs.setdefault("required", False)
        super().__init__(coerce=int, choices=aspect_choices(review), **kwargs)
