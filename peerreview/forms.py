"""Pieces every form in the service uses: the GOV.UK form helper, a date field with GOV.UK-style
messages, and putting a service's refusal on a form."""

import datetime
import re
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst


def long_text(form: forms.BaseForm, name: str, **kwargs: Any) -> Field:
    """A textarea for ``form``'s field ``name`` with the GOV.UK character count of the field's own
    limit, so that a person sees the limit coming while typing rather than losing text to it."""
    limit = getattr(form.fields[name], "max_length", None)
    if not limit:
        raise ValueError(f"{name} has no max_length to count towards")
    # crispy-forms-gds adds the count's id to aria-describedby, and fails on a field with no
    # hint unless the attribute is there to add to.
    form.fields[name].widget.attrs.setdefault("aria-describedby", "")
    return Field.textarea(name, max_characters=limit, threshold=75, **kwargs)


def form_helper(button: str, *, warning: bool = False) -> FormHelper:
    helper = FormHelper()
    # GOV.UK Frontend ignores a second click within a second; the server refuses a second sending
    # of the same form anyway (``peerreview.submissions``).
    helper.add_input(
        Submit(
            "submit",
            button,
            css_class="govuk-button--warning" if warning else "",
            data_module="govuk-button",
            data_prevent_double_click="true",
        )
    )
    return helper


class DateField(DateInputField):
    """A GOV.UK date input (day, month, year) whose messages name the date asked for."""

    def __init__(self, *, what: str, **kwargs):
        self.what = what
        named = capfirst(what)
        # Judge each of day, month and year on its own, so that a half-entered date is an
        # error rather than quietly no date at all.
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["incomplete"] = f"{named} must include a day, month and year"
        for field, part in zip(self.fields, ("day", "month", "year"), strict=True):
            field.error_messages["incomplete"] = f"{named} must include a {part}"
            field.validators[0].message = f"{named} must be a real date"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = datetime.date(day=int(day), month=int(month), year=int(year))
        except ValueError:
            raise ValidationError(f"{capfirst(self.what)} must be a real date") from None
        if not 2000 <= value.year <= 2100:
            raise ValidationError(f"{capfirst(self.what)} must be a year between 2000 and 2100")
        return value


def paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, each folded onto one line."""
    return [
        " ".join(part.split()) for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()
    ]


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's ``ValidationError`` on the form: on the fields it names, if the form
    shows them, otherwise at the top."""
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            # A field the person cannot see (a hidden one) shows its error at the top.
            shown = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if shown else None, texts)
    else:
        form.add_error(None, error.messages)


class FilterForm(forms.Form):
    """A GET form that narrows a list: its choices as filters."""

    def filters(self) -> dict[str, Any]:
        """The cleaned choices, or none where the form has errors (the list is then unfiltered)."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}
