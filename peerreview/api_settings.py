"""Settings of the REST API (the ``api`` package): tokens only (no cookies, so no cross-site
calls), JSON only, errors as problem details, every operation described by drf-spectacular, and
calls counted per token."""

from typing import Any


def api_settings(*, service_name: str, throttle_rate: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(REST_FRAMEWORK, SPECTACULAR_SETTINGS)``."""
    rest_framework = {
        "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": [
            "rest_framework.permissions.IsAuthenticated",
            "api.authentication.TokenMayWrite",
        ],
        "DEFAULT_THROTTLE_CLASSES": ["api.authentication.PerTokenThrottle"],
        "DEFAULT_THROTTLE_RATES": {"token": throttle_rate},
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
        "PAGE_SIZE": 50,
        "EXCEPTION_HANDLER": "api.problems.problem_details",
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    }
    spectacular = {
        "TITLE": f"{service_name} API",
        "DESCRIPTION": "Reviews, self-assessments, published findings, action plans and support "
        "requests, under the same access rules as the service's pages. Send a token made under "
        "“API tokens” as `Authorization: Bearer <token>`. Errors are RFC 9457 problem details; a "
        "change must name the version it read in `If-Match` (its `ETag`), or it is refused with 412.",
        "VERSION": "1",
        "SERVE_INCLUDE_SCHEMA": False,
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "COMPONENT_SPLIT_REQUEST": True,
        "POSTPROCESSING_HOOKS": [
            "drf_spectacular.hooks.postprocess_schema_enums",
            "api.schema.problem_responses",
        ],
    }
    return rest_framework, spectacular
