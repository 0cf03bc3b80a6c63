"""The settings module read in a fresh interpreter, as a deployment would."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _settings(env: dict) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='peerreview.settings';"
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG,"
        " settings.TIME_ZONE, settings.LANGUAGE_CODE)"
    )
    base = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_is_required_outside_debug():
    result = _settings({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_debug_runs_without_a_secret_on_sqlite_in_london_time():
    result = _settings({"DJANGO_DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "Europe/London", "en-gb"]


def test_postgres_database_url_is_understood():
    result = _settings(
        {"DJANGO_SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://review@127.0.0.1:5433/reviews"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_a_bad_boolean_stops_start_up():
    result = _settings({"DJANGO_DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_a_bad_database_url_stops_start_up():
    result = _settings({"DJANGO_DEBUG": "true", "DATABASE_URL": "nonsense://x"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
