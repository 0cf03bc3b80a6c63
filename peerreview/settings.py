"""Settings for the Prevent peer review service, read from the environment.

Every variable is documented in the README. Debug is off unless asked for, and outside debug
the secret key must be given: there is no secret default.
"""

import datetime
import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from peerreview.api_settings import api_settings
from peerreview.env import env_bool, env_int, env_list, env_str
from peerreview.sso_settings import sso_issuers

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "peerreview.staticfiles.StaticFilesConfig",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "peerreview.accounts",
    "peerreview.outbox",
    "peerreview.inbox",
    "peerreview.audit",
    "peerreview.operations",
    "assessments",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own static files
    "api",
    # After reports, whose db_worker (warming the PDF engine first) takes the place of theirs.
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
]

MIDDLEWARE = [
    # Outermost: every response has its request id, and every log line its request's.
    "peerreview.operations.request_log.RequestLogMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a body: an oversized one is refused from its declared length.
    "peerreview.request_limits.BodyLimitMiddleware",
    "peerreview.uploads.UploadNameMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "peerreview.middleware.ResolvedUserMiddleware",
    "peerreview.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "peerreview.submissions.SubmissionOnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "peerreview.middleware.SessionLifetimeMiddleware",
    "peerreview.accounts.two_factor.TwoFactorMiddleware",
    "peerreview.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# Background work runs on Django's tasks API (django-tasks) with its database backend: tasks are
# rows in the service's own database, committed with the change that queued them, and run by
# `manage.py db_worker` (see README: Running in production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An e-mail that cannot be sent is tried this many times, waiting 1, 2, 4... minutes between.
OUTBOX_ATTEMPTS = env_int("OUTBOX_ATTEMPTS", 5, minimum=1)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60, minimum=1)

# The review plan a new review is given, in days from its on-site days (before the first day when
# negative, after the last when positive): the council's pack two to three weeks before the
# visit, the report within about three months, the action plan a month after publication and a
# progress review about ten months on. The factual-accuracy window is in Scottish working days.
REVIEW_PLAN = {
    "self_assessment_due": ("on_site_start", -42),
    "evidence_due": ("on_site_start", -21),
    "key_findings_on": ("on_site_end", 0),
    "draft_report_due": ("on_site_end", 56),
    "publication_due": ("on_site_end", 84),
    "action_plan_due": ("on_site_end", 112),
    "progress_review_on": ("on_site_end", 385),
}
REVIEW_PLAN_FACTUAL_ACCURACY_DAYS = 5

# Backups are written in it (see peerreview/exact_jsonl.py).
SERIALIZATION_MODULES = {"jsonl-exact": "peerreview.exact_jsonl"}

ROOT_URLCONF = "peerreview.urls"
WSGI_APPLICATION = "peerreview.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peerreview.context_processors.service",
            ],
            # {% submission_token %} goes in every POST form, so it needs no {% load %}.
            "builtins": ["peerreview.submissions"],
        },
    },
]

_database_url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
# A worker keeps its connection from one request to the next, for a minute at most: opening one
# costs about a millisecond on SQLite (its file, the pragmas below, Django's SQL functions), a
# round trip or more on PostgreSQL. A connection kept is checked before a request reuses it, so
# one the database has dropped (a restart) is replaced, not failed on.
try:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address we understand: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time; it must wait for the lock rather than fail. WAL lets readers
    # go on while someone writes; IMMEDIATE transactions take the write lock when they begin, so two
    # requests never both read and then deadlock on upgrading to write (which SQLite answers with
    # "database is locked" at once, whatever the timeout); the timeout is how long one waits.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file, as production does: an in-memory database shares one cache across
    # threads, which locks by table and does not wait. One file per test run, so that two runs
    # at once do not share it; the run deletes it at the end.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"peerreview-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes refuses sign-in for an e-mail address after repeated failures from anywhere, and for
# a network address after as many across every account (a few guesses sprayed at many accounts);
# then Django's model backend checks the password. The owner of a locked account gets back in
# through a password-reset link, which forgets the failures counted against it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "peerreview.accounts.backends.AccountBackend",
    # A passkey's whole sign-in (no password), once django-otp-webauthn has checked it.
    "peerreview.accounts.backends.PasskeyBackend",
]
# Passkeys (WebAuthn): bound to SITE_URL's host name and checked against its origin, read when a
# ceremony runs (accounts.passkeys). The library's own check wants a fixed list of origins in
# OTP_WEBAUTHN_ALLOWED_ORIGINS; the origin here is SITE_URL's, and `check --deploy` says when it
# cannot carry passkeys (accounts.W004). A passkey is the whole sign-in, second step included.
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E030"]
OTP_WEBAUTHN_RP_ID_CALLABLE = "peerreview.accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME_CALLABLE = "peerreview.accounts.passkeys.relying_party_name"
OTP_WEBAUTHN_HELPER_CLASS = "peerreview.accounts.passkeys.PasskeyHelper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = True
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's name for the e-mail address
# Failures count against the address as sign-in reads it (case and white space ignored).
AXES_USERNAME_CALLABLE = "peerreview.accounts.throttling.throttled_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Review managers, administrators and review teams confirm each sign-in with an authenticator app;
# host users may choose to. Only a local demonstration (`make run`) turns the requirement off.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
# Who else must use an authenticator app, besides review managers and administrators: a callable
# given a reference to a user's primary key (``OuterRef("pk")``) that returns a boolean
# expression. The apps own the rule (today: anyone on a review team); the accounts package only
# asks it, so that it names no app.
TWO_FACTOR_ALSO_REQUIRED_FOR = "assessments.rules.access.works_on_a_review_team"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_HOURS", 72, minimum=1) * 3600

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Source maps are read by developers' tools alone, never by a page: served as they are, not
# compressed (brotli on Swagger UI's maps took most of collectstatic's time).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Evidence lives outside STATIC_ROOT and never under any URL: downloads go through an
# access-checked view. On the local disk by default (`make run`), under PRIVATE_STORAGE_ROOT;
# with OBJECT_STORAGE_BUCKET set, in S3-compatible object storage (django-storages and boto3),
# where every host of the service finds it: objects private, encrypted at rest by the store
# (SSE), named by random keys. Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
# or the host's role, as boto3 finds them.
PRIVATE_STORAGE_ROOT = Path(env_str("PRIVATE_STORAGE_ROOT", str(BASE_DIR / "var" / "private")))


def object_storage(bucket: str, endpoint_url: str | None, region: str | None) -> dict:
    """The evidence storage entry for S3-compatible object storage (the tests use it too)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url,  # for S3 APIs other than AWS's
            "region_name": region,
            "default_acl": None,  # the bucket's own: private, and no public access
            "object_parameters": {"ServerSideEncryption": "AES256"},
            "file_overwrite": False,
            # Files are streamed by the service after its access check; any URL signed would
            # last under a minute.
            "querystring_auth": True,
            "querystring_expire": 30,
        },
    }


OBJECT_STORAGE_BUCKET = env_str("OBJECT_STORAGE_BUCKET")
EVIDENCE_STORAGE = (
    object_storage(
        OBJECT_STORAGE_BUCKET, env_str("OBJECT_STORAGE_ENDPOINT_URL"), env_str("OBJECT_STORAGE_REGION")
    )
    if OBJECT_STORAGE_BUCKET
    else {"BACKEND": "peerreview.private_files.PrivateFileSystemStorage"}
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
    "evidence": EVIDENCE_STORAGE,
}
# Interview notes are deleted this long after their review closes (`manage.py apply_retention`).
NOTES_RETENTION_MONTHS = env_int("NOTES_RETENTION_MONTHS", 12, minimum=1)
EVIDENCE_MAX_UPLOAD_MB = env_int("EVIDENCE_MAX_UPLOAD_MB", 20, minimum=1)
# All the evidence of one review, every version counted.
EVIDENCE_MAX_REVIEW_MB = env_int("EVIDENCE_MAX_REVIEW_MB", 500, minimum=1)
# ClamAV's daemon, which scans every uploaded file before anyone but its uploader may download
# it: a Unix socket's path or host:port (peerreview.scanner). Unset, files are not scanned.
CLAMAV_ADDRESS = env_str("CLAMAV_ADDRESS")
# A scan the daemon could not do is tried again after 1, 2, 4... minutes, this many times in all.
SCAN_ATTEMPTS = env_int("SCAN_ATTEMPTS", 5, minimum=1)
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# For Django's file-based backend: each e-mail written to a file in this folder.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Prevent peer reviews <noreply@peer-review.invalid>")
# Links in e-mails need an absolute address; requests are not always at hand (management commands).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SERVICE_NAME = "Prevent peer reviews"
OTP_TOTP_ISSUER = SERVICE_NAME  # the name authenticator apps show
# Each wrong recovery code doubles the wait before the next try (1s, 2s, 4s...), as for app codes.
OTP_RECOVERY_THROTTLE_FACTOR = 1

# Single sign-on with the organisation's own account (OpenID Connect): on when all three of
# OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. OIDC_DOMAINS limits it to accounts
# of those e-mail domains (empty: any invited account); OIDC_MFA_COUNTS lets the issuer's own
# multi-factor sign-in (its amr claim says "mfa") stand for the second step, off by default.
# More issuers, each for its own domains: OIDC_MORE_ISSUERS, a JSON list of objects with the
# keys issuer, client_id, client_secret, domains (a list) and mfa_counts.
OIDC_ISSUERS = sso_issuers(
    issuer=env_str("OIDC_ISSUER"),
    client_id=env_str("OIDC_CLIENT_ID"),
    client_secret=env_str("OIDC_CLIENT_SECRET"),
    domains=env_list("OIDC_DOMAINS", []),
    mfa_counts=env_bool("OIDC_MFA_COUNTS", False),
    more=env_str("OIDC_MORE_ISSUERS", "[]"),
)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

# Sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after sign-in
# whatever the activity. Django gives a new session key at sign-in and ends it at sign-out.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# The idle expiry moves on at most once a minute, not with a database write for every page.
SESSION_REFRESH_SECONDS = 60
SESSION_MAX_SECONDS = env_int("SESSION_MAX_HOURS", 12, minimum=1) * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts and styles come only from the service's own static files: no inline code at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# An id for each request, from a proxy's X-Request-ID only when the proxy is trusted to set it.
TRUST_REQUEST_ID_HEADER = env_bool("TRUST_REQUEST_ID_HEADER", False)
# /metrics/ answers a request with this token (Authorization: Bearer ...) or from these networks.
METRICS_TOKEN = env_str("METRICS_TOKEN")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", ["127.0.0.1/32", "::1/128"])
# A task worker not heard from for this long is dead: /ready/ fails if no worker is alive, and the
# tasks a dead worker had claimed go back in the queue (peerreview.operations.heartbeat).
WORKER_HEARTBEAT_STALE_SECONDS = env_int("WORKER_HEARTBEAT_STALE_SECONDS", 120, minimum=20)

LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
# JSON lines on standard output, each carrying the request's id, the user's id and the review
# (peerreview.operations.request_log); DJANGO_LOG_FORMAT=text for plain lines at a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "peerreview.operations.request_log.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s "
            "%(request_id)s %(user_id)s %(review)s %(view)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO; only its warnings matter here.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
}

# The REST API (api/): see peerreview.api_settings.
REST_FRAMEWORK, SPECTACULAR_SETTINGS = api_settings(
    service_name=SERVICE_NAME, throttle_rate=env_str("API_THROTTLE_RATE", "120/minute")
)
