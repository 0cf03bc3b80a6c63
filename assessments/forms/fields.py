from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator

from assessments.models import DeliveryArea, Review
from peerreview.forms import FilterForm


def aspect_choices(review: Review) -> list[tuple[int, str]]:
    return [(aspect.number, f"{aspect.number}. {aspect.text}") for aspect in review.framework.aspect_list]


class AspectsField(forms.TypedMultipleChoiceField):
    """Checkboxes of the review's framework aspects; cleans to a list of aspect numbers."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, review: Review, **kwargs):
        kwargs.setdefault("label", "Which aspects does this relate to?")
        kwargs.setdefault("required", False)
        super().__init__(coerce=int, choices=aspect_choices(review), **kwargs)


class _ListedChoices(ModelChoiceIterator):
    """Options from the queryset's own cache: the widget's count and its options then cost one
    query between them rather than one each."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + (self.field.empty_label is not None)


def label_choices(field: forms.Field, label: Callable[[Any], str]) -> forms.ModelChoiceField:
    """Shows each of a model choice field's objects as ``label(obj)``: Django's own way, setting
    ``label_from_instance`` on the field, in one place for the type checker."""
    chosen = cast(forms.ModelChoiceField, field)
    chosen.label_from_instance = label  # type: ignore[method-assign,assignment]
    return chosen


def model_choices(field: forms.Field, queryset: QuerySet[Any]) -> forms.ModelChoiceField:
    """Sets the objects a model choice field offers (the form's own copy of the field)."""
    chosen = cast(forms.ModelChoiceField, field)
    chosen.queryset = queryset
    return chosen


class CheckboxesField(forms.ModelMultipleChoiceField):
    """Checkboxes of a review's objects, read from the database once per form."""

    iterator = _ListedChoices
    widget = forms.CheckboxSelectMultiple


class ObjectChoiceField(forms.ModelChoiceField):
    """One of some objects, read from the database once per form."""

    iterator = _ListedChoices


class RadiosField(ObjectChoiceField):
    """Radios of objects, read from the database once per form."""

    widget = forms.RadioSelect


class ShownField(forms.Field):
    """A hidden note of what the page showed as chosen, as a list of numbers (aspect numbers or
    primary keys), so that saving applies only what the editor changed from it.

    Parts that are not numbers are dropped: the value comes from our own page, and a tampered
    one can only make the save apply more of the editor's own choices."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ",".join(str(number) for number in value)
        return value

    def to_python(self, value) -> list[int]:
        parts = (part.strip() for part in str(value or "").split(","))
        return [int(part) for part in parts if part.isdigit()]


def year_field(label: str) -> forms.IntegerField:
    """An optional four-digit year for narrowing a list, with the GOV.UK error wording."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Enter the year as 4 digits, like 2026",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year up to 2100",
        },
    )


class AspectAreaFilterForm(FilterForm):
    """A list narrowed by an aspect's number and a delivery area (every framework's areas, by
    key, the newest framework's title first)."""

    aspect = forms.IntegerField(
        label="Aspect number",
        required=False,
        min_value=1,
        max_value=99,
        error_messages={
            "invalid": "Enter the aspect as a number, like 5",
            "min_value": "Enter an aspect from 1",
        },
    )
    area = forms.ChoiceField(label="Delivery area", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = dict(DeliveryArea.objects.order_by("-framework_id", "position").values_list("key", "title"))
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", "Any area"), *areas.items()]
        self.fields["aspect"].widget.attrs.update({"inputmode": "numeric"})
