"""The static files the service collects: Django's own app, minus what is never served."""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    ignore_patterns = [
        *DjangoStaticFilesConfig.ignore_patterns,
        # The API's documentation page is Swagger UI; the sidecar's ReDoc (5 MB with its source
        # map) is never linked, and compressing it cost most of collectstatic's time.
        "drf_spectacular_sidecar/redoc/*",
        # The browsable API's files: the API answers JSON only (api_settings), so never linked.
        "rest_framework/*",
    ]
