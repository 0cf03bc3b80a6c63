"""Every editor of something two people may edit at once works one way (peerreview.stale_edits)."""

import inspect

import pytest

from assessments.forms import enquiry, findings, follow_up, interviews, presentation, self_assessment
from peerreview.stale_edits import VersionedForm
from reports.forms import report as report_forms

MODULES = [enquiry, findings, follow_up, interviews, presentation, self_assessment, report_forms]


def _form_classes():
    for module in MODULES:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, VersionedForm):
                yield cls


def test_the_eight_editors_share_one_base():
    names = {cls.__name__ for cls in _form_classes()}
    assert names == {
        "ActionForm",
        "FindingForm",
        "InterviewForm",
        "LineOfEnquiryForm",
        "NoteForm",
        "PresentationForm",
        "ReportTextForm",
        "ResponseForm",
    }


@pytest.mark.parametrize("cls", list(_form_classes()), ids=lambda cls: cls.__name__)
def test_each_editor_says_how_it_shows_the_stored_version(cls):
    assert cls.stored_rows is not VersionedForm.stored_rows


def test_no_other_form_keeps_its_own_version_field():
    for module in MODULES:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and not issubclass(cls, VersionedForm):
                assert "version" not in getattr(cls, "base_fields", {}), cls.__name__


def test_every_editor_saves_through_the_one_save_flow():
    """``assessments.pages.shared.saved`` is where a stale edit is caught: no view catches one itself."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    views = [*(root / "assessments/views").glob("*.py"), *(root / "reports/views").glob("*.py")]
    catching = [str(path) for path in views if "StaleEdit" in path.read_text(encoding="utf-8")]
    assert catching == []
    assert sum("saved(request" in path.read_text(encoding="utf-8") for path in views) >= 8
