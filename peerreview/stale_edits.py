"""Editing what two people may edit at once, one way for every editor.

A ``VersionedForm`` carries, hidden, the version of the row the editor loaded. The service saves
only if nobody has saved since (``assessments.services.versioning``); otherwise it raises a
stale edit, and ``form_after_stale_edit`` gives the editor their form again: their own words
kept, the version now stored (so that saving again is a deliberate choice), and the stored
values as rows for ``templates/includes/stale_edit.html`` to show beside the form.
"""

from typing import Any, Protocol, TypeVar

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.http import HttpRequest

from peerreview.forms import form_helper


class StaleEditLike(Protocol):
    """What a refused stale edit carries: the row as it is now stored."""

    current: Any


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored: list[tuple[str, str]] = []  # the other version, once a save is refused
        self.stored_by = ""

    def editor_helper(self, button: str, *fields: str | LayoutObject) -> FormHelper:
        """The form's helper: its button, a warning before leaving with unsaved changes, and
        the hidden version rendered from the form's own data (after a stale edit, the version
        the editor has now seen)."""
        helper = form_helper(button)
        helper.attrs = {"data-warn-unsaved": "true"}
        helper.layout = Layout(*fields)
        helper.render_unmentioned_fields = True
        return helper

    def clean_version(self) -> int:
        version: int | None = self.cleaned_data.get("version")
        return 0 if version is None else version

    def stored_rows(self, current: Any) -> list[tuple[str, str]]:
        """The stored version as ``(label, text)`` rows, for the editor to compare."""
        raise NotImplementedError(f"{type(self).__name__} must say how it shows a stored version")


VersionedT = TypeVar("VersionedT", bound=VersionedForm)


def form_after_stale_edit(
    form_class: type[VersionedT], request: HttpRequest, stale: StaleEditLike, **kwargs: Any
) -> VersionedT:
    """The editor's form again after a refused save, with the stored version beside it."""
    data = request.POST.copy()
    data["version"] = str(stale.current.version)
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, f"{stale} Their version is shown beside yours; nothing of yours is saved yet.")
    form.stored = form.stored_rows(stale.current)
    author = getattr(stale.current, "updated_by", None)
    form.stored_by = author.full_name if author is not None else "someone else"
    return form
