import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.demo import DEMO_DIR
from assessments.models import Review

ROOT = Path(__file__).resolve().parents[3]
DEMO = DEMO_DIR / "ardlarich-2025.json"


@pytest.mark.django_db
def test_import_then_export_to_a_file(tmp_path, capsys):
    call_command("import_review", str(DEMO))
    assert (
        "Imported ardlarich-2025 (Ardlarich Council, Stage 6: Follow-up support)." in capsys.readouterr().out
    )
    out = tmp_path / "out.json"
    call_command("export_review", "ardlarich-2025", "--output", str(out))
    assert json.loads(out.read_text())["review"]["reference"] == "ardlarich-2025"


@pytest.mark.django_db
def test_export_writes_to_standard_output(capsys):
    call_command("import_review", str(DEMO))
    capsys.readouterr()
    call_command("export_review", "ardlarich-2025")
    assert json.loads(capsys.readouterr().out)["format"] == "prevent-peer-review/1"


@pytest.mark.django_db
def test_a_bad_document_exits_2_naming_the_path(tmp_path):
    document = json.loads(DEMO.read_text())
    document["review"]["findings"][3]["area"] = "leadrship"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(CommandError) as caught:
        call_command("import_review", str(bad))
    assert caught.value.returncode == 2
    assert 'review.findings[3].area: unknown area "leadrship"' in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_an_existing_reference_needs_replace():
    call_command("import_review", str(DEMO))
    with pytest.raises(CommandError) as caught:
        call_command("import_review", str(DEMO))
    assert caught.value.returncode == 2
    call_command("import_review", str(DEMO), "--replace")
    assert Review.objects.count() == 1


@pytest.mark.django_db
def test_an_unknown_reference_cannot_be_exported():
    with pytest.raises(CommandError, match='no review with the reference "nowhere-2020"'):
        call_command("export_review", "nowhere-2020")


def test_the_command_line_exit_status_is_2_and_a_bad_document_is_refused_before_the_database(tmp_path):
    """The refusal comes from reading the document alone: the command never opens the database
    (its SQLite file is never made), so nothing can be half written."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "prevent-peer-review/1"}')
    database = tmp_path / "db.sqlite3"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "true", "DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_review", str(bad)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "review: is required" in result.stderr
    assert not database.exists()
