"""Settings for the test suite: production's own settings (debug off, the same authentication
backends, middleware, sessions, throttling, two-factor and static-file storage), with the few
overrides a test run needs. Each override is named in TEST_OVERRIDES with its reason;
tests/test_settings_parity.py fails if the test settings differ from production in anything else.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

from peerreview.settings import *  # noqa: F403
from peerreview.settings import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PRIVATE_STORAGE_ROOT = BASE_DIR / "var" / "test-private"
# Collected once per test run by tests/conftest.py, then served by WhiteNoise as in production.
STATIC_ROOT = BASE_DIR / "var" / "test-static"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

TEST_OVERRIDES = {
    "PASSWORD_HASHERS": "a fast hasher: tests create many users",
    "EMAIL_BACKEND": "e-mail is kept in memory for tests to read",
    "ALLOWED_HOSTS": "the test client's and live server's host names",
    "PRIVATE_STORAGE_ROOT": "evidence goes to a test folder (tests use a temporary one each)",
    "STATIC_ROOT": "static files are collected into a test folder",
    "SECURE_SSL_REDIRECT": "the test client and live server speak plain HTTP",
    "TASKS": "tasks run as they are queued, so tests read their e-mail at once; "
    "tests/test_outbox.py runs production's database backend with the real worker",
}
