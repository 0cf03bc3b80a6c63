"""`backup` and `restore`: a full round trip into an empty database loses nothing."""

import hashlib
import json
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from assessments.exchange import import_review
from assessments.files.storage import private_storage
from assessments.jobs.backup import KEPT, MANIFEST
from assessments.models import (
    ActionUpdate,
    EvidenceFile,
    Interview,
    InterviewNote,
    Report,
    ReportComment,
    ReportVersion,
    Review,
)
from assessments.services.evidence import evidence_upload
from peerreview.accounts.models import User
from peerreview.audit.models import AuditEvent
from tests.assessments.exchange.documents import demo_document
from tests.factories import ReviewFactory
from tests.files import upload
from tests.servers import ROOT, production_env
from tests.two_factor import app_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(private_storage):
    """Two reviews with something in every table a backup must keep."""
    done = import_review(demo_document("ardlarich-2025"))
    later = import_review(demo_document("ardlarich-2027"))
    Review.objects.filter(pk=later.pk).update(previous=done)
    manager = User.objects.get(email="manager@demo.example.org")
    lead = User.objects.get(email="lead.peer@demo.example.org")
    app_for(lead)
    assert done.report.versions.count() == 1, "the import stores the published version"
    evidence_upload(
        review=later, files=[upload("policy.pdf"), upload("minutes.docx")], aspects=[1, 2], by=manager
    )
    interview = Interview.objects.filter(review=done).first()
    InterviewNote.objects.create(interview=interview, author=lead, text="Confidential: strong partnership.")
    ReportComment.objects.create(
        report=Report.objects.get(review=done), section="leadership", text="Typo", author=manager
    )
    action = done.findings.exclude(actions=None).first().actions.first()
    ActionUpdate.objects.create(action=action, text="Training booked for March.", by=manager)
    return done


@pytest.fixture
def backup(tmp_path) -> Path:
    return tmp_path / "backup"


def _everything() -> dict:
    """Every kept row, as data, and every evidence file's bytes."""
    rows = {}
    for label in KEPT:
        models = [apps.get_model(label)] if "." in label else apps.get_app_config(label).get_models()
        for model in models:
            data = serializers.serialize(
                "python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
            )
            rows[model._meta.label] = data
    storage = private_storage()
    files = {}
    for name in EvidenceFile.objects.values_list("stored_name", flat=True):
        with storage.open(name, "rb") as handle:
            files[name] = handle.read()
    return {"rows": rows, "files": files}


def _empty_everything(storage_root: Path) -> None:
    # The test runs in a transaction: PostgreSQL truncates only once deferred checks have run.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(storage_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_a_backup_restores_into_an_empty_database_with_nothing_lost(world, private_storage, tmp_path, capsys):
    before = _everything()
    assert before["files"]
    assert before["rows"]["assessments.InterviewNote"]
    assert before["rows"]["otp_totp.TOTPDevice"]
    call_command("backup", str(tmp_path / "backup"))
    assert "Backed up 2 reviews, 2 evidence files" in capsys.readouterr().out

    _empty_everything(private_storage)
    assert not Review.objects.exists()
    assert not EvidenceFile.objects.exists()
    call_command("restore", str(tmp_path / "backup"))
    assert "Restored 2 reviews, 2 evidence files" in capsys.readouterr().out

    after = _everything()
    restore_event = AuditEvent.objects.filter(kind="restore")
    assert restore_event.count() == 1
    after["rows"]["audit.AuditEvent"] = [
        row for row in after["rows"]["audit.AuditEvent"] if row["fields"]["kind"] != "restore"
    ]
    for label, rows in before["rows"].items():
        assert after["rows"][label] == rows, f"{label} differs after the round trip"
    assert after["files"] == before["files"]
    # New rows carry on after the restored ones (PostgreSQL's sequences are reset by the load).
    assert ReviewFactory().pk > max(row["pk"] for row in before["rows"]["assessments.Review"])


def test_text_comes_back_exactly_with_its_white_space_and_line_endings(world, private_storage, backup):
    # Django's XML deserializer strips every value, and XML folds "\r\n": backups are JSON lines.
    note = InterviewNote.objects.first()
    InterviewNote.objects.filter(pk=note.pk).update(text="  indented\r\nand a trailing line\n\n")
    call_command("backup", str(backup))
    _empty_everything(private_storage)
    call_command("restore", str(backup))
    assert InterviewNote.objects.get(pk=note.pk).text == "  indented\r\nand a trailing line\n\n"


def test_a_backup_written_as_xml_before_still_restores(world, private_storage, backup):
    call_command("backup", str(backup))
    (backup / "data.jsonl").unlink()
    call_command("dumpdata", *KEPT, format="xml", natural_foreign=True, output=str(backup / "data.xml"))
    manifest = backup / MANIFEST
    kept = [line for line in manifest.read_text().splitlines() if not line.endswith("  data.jsonl")]
    digest = hashlib.sha256((backup / "data.xml").read_bytes()).hexdigest()
    manifest.write_text("\n".join([*kept, f"{digest}  data.xml"]) + "\n")
    _empty_everything(private_storage)
    call_command("restore", str(backup))
    assert Review.objects.count() == 2


def test_the_backup_holds_exchange_documents_and_a_checkable_manifest(world, backup):
    call_command("backup", str(backup))
    documents = sorted(path.name for path in (backup / "reviews").iterdir())
    assert documents == ["ardlarich-2025.json", "ardlarich-2027.json"]
    assert json.loads((backup / "reviews" / "ardlarich-2025.json").read_text())["format"].startswith(
        "prevent-peer-review/"
    )
    lines = (backup / MANIFEST).read_text().splitlines()
    names = {line.split("  ", 1)[1] for line in lines}
    assert {"data.jsonl", "reviews/ardlarich-2025.json"} <= names
    assert sum(name.startswith("files/evidence/") for name in names) == 2
    assert "Confidential: strong partnership." in (backup / "data.jsonl").read_text()


def test_it_refuses_to_write_into_a_directory_with_files(world, backup):
    backup.mkdir()
    (backup / "old.txt").write_text("keep me")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(backup))
    assert (backup / "old.txt").read_text() == "keep me"


def test_a_damaged_backup_restores_nothing(world, private_storage, backup):
    call_command("backup", str(backup))
    damaged = sorted(path for path in (backup / "files").rglob("*") if path.is_file())[0]
    damaged.write_bytes(damaged.read_bytes() + b"x")
    _empty_everything(private_storage)
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(backup))
    assert f"{damaged.relative_to(backup).as_posix()}: its SHA-256 does not match {MANIFEST}" in str(
        refusal.value
    )
    assert not User.objects.exists()
    assert not [path for path in private_storage.rglob("*") if path.is_file()]


def test_a_missing_file_is_named(world, private_storage, backup):
    call_command("backup", str(backup))
    (backup / "reviews" / "ardlarich-2027.json").unlink()
    _empty_everything(private_storage)
    with pytest.raises(CommandError, match="reviews/ardlarich-2027.json: missing"):
        call_command("restore", str(backup))
    assert not Review.objects.exists()


def test_it_restores_only_into_an_empty_database(world, backup):
    call_command("backup", str(backup))
    reviews = Review.objects.count()
    with pytest.raises(CommandError, match="restore only into an empty database"):
        call_command("restore", str(backup))
    assert Review.objects.count() == reviews


@contextmanager
def _new_database(tmp_path: Path):
    """The address of a new, empty database of the kind the suite runs on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg2

    params = connection.settings_dict
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"],
    )
    admin.autocommit = True
    try:
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        credentials = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
        yield f"postgres://{credentials}@{params['HOST']}:{params['PORT']}/{name}"
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _run(env, *command) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_as_a_user_runs_it(world, backup, tmp_path):
    """A new database, `migrate`, `restore`: every review exports byte for byte as the backup's
    document, every evidence file and published PDF is identical (issue 13, defect 13)."""
    call_command("backup", str(backup))
    pdfs = {(v.report.review.reference, v.number): bytes(v.pdf) for v in ReportVersion.objects.all()}
    assert pdfs
    with _new_database(tmp_path) as url:
        env = production_env(tmp_path / "new", url)
        assert _run(env, "migrate", "--no-input", "-v0").returncode == 0
        restored = _run(env, "restore", str(backup))
        assert restored.returncode == 0, restored.stderr
        assert "Restored 2 reviews, 2 evidence files" in restored.stdout
        for document in sorted((backup / "reviews").glob("*.json")):
            out = tmp_path / f"exported-{document.name}"
            assert _run(env, "export_review", document.stem, "--output", str(out)).returncode == 0
            assert out.read_bytes() == document.read_bytes(), document.name
        for (reference, number), pdf in pdfs.items():
            out = tmp_path / f"{reference}-{number}.pdf"
            assert (
                _run(
                    env, "render_report", reference, "--published", str(number), "--output", str(out)
                ).returncode
                == 0
            )
            assert out.read_bytes() == pdf
        kept = {
            p.relative_to(backup / "files").as_posix(): p.read_bytes()
            for p in (backup / "files").rglob("*")
            if p.is_file()
        }
        private = tmp_path / "new" / "private"
        assert {name: (private / name).read_bytes() for name in kept} == kept
        # A second restore into the same database is refused in words, not with a traceback.
        again = _run(env, "restore", str(backup))
        assert again.returncode == 2
        assert "restore only into an empty database" in again.stderr
        assert "Traceback" not in again.stderr
