"""Errors as RFC 9457 problem details (``application/problem+json``): a title, the status, and
what to do about it in ``detail``; a refused stale write also carries the current ``etag``."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from peerreview.audit.record import record

PROBLEM = "application/problem+json"


class PreconditionFailed(exceptions.APIException):
    """A write that did not name the object's current version (``If-Match``)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "Someone changed this since you read it: read it again, then send your change with its ETag"
    )

    def __init__(self, current_etag: str, detail: str | None = None):
        super().__init__(detail)
        self.current_etag = current_etag


def _as_drf(exc: Exception) -> Exception:
    # The access rules raise Django's own exceptions, with words meant for the person.
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        # The services' own checks (full_clean and their rules), in their own words.
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    return exc


def problem_details(exc, context):
    exc = _as_drf(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's own handler, logged
    request = context["request"]
    body = {
        "type": "about:blank",
        "title": response.status_text,
        "status": response.status_code,
        "instance": request.path,
    }
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = "The request has mistakes: see errors"
        body["errors"] = response.data if isinstance(response.data, dict) else {"request": response.data}
    else:
        body["detail"] = str(getattr(exc, "detail", "") or response.status_text)
    if isinstance(exc, PreconditionFailed):
        body["etag"] = exc.current_etag
        response["ETag"] = exc.current_etag
    if response.status_code == status.HTTP_403_FORBIDDEN:
        record(kind="denied", summary=f"API {request.method} {request.path}"[:300])
    problem = Response(body, status=response.status_code, headers=dict(response.items()))
    problem.content_type = PROBLEM
    return problem
