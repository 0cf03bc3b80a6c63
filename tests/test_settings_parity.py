"""The tests run production's settings: a test fails if the test settings differ from what
``peerreview.settings`` gives with debug off in anything not declared in ``TEST_OVERRIDES``."""

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

DUMP = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "peerreview.settings"
from django.conf import settings
print(json.dumps({name: repr(getattr(settings, name)) for name in dir(settings) if name.isupper()}))
"""


def _production_settings() -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SECRET_KEY": "test-only-secret-key"}
    result = subprocess.run(
        [sys.executable, "-c", DUMP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_tests_differ_from_production_only_where_declared():
    production = _production_settings()
    tests = {name: repr(getattr(settings, name)) for name in production if hasattr(settings, name)}
    differing = {name for name in production if tests.get(name) != production[name]}
    # The database is whatever DATABASE_URL names for this run, as in production; the module name
    # is the one difference by construction.
    differing -= {"DATABASES", "SETTINGS_MODULE"}
    assert differing == set(settings.TEST_OVERRIDES), {
        name: (production[name], tests.get(name)) for name in differing ^ set(settings.TEST_OVERRIDES)
    }


def test_production_essentials_are_on_in_tests():
    assert not settings.DEBUG
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.TWO_FACTOR_REQUIRED
    assert "whitenoise" in settings.STORAGES["staticfiles"]["BACKEND"].lower()
