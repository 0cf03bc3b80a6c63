"""Every request traceable: an id for each (kept from a trusted proxy's ``X-Request-ID``, or made
here), returned as ``X-Request-ID``, shown on error pages for people to quote, and carried by
every log line written while the request is served, with the user's id (never their e-mail) and
the review's reference where there is one. One line per request gives its view, status and
duration. Lines are JSON on standard output (python-json-logger; ``LOGGING`` in the settings).
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings

request_id: ContextVar[str] = ContextVar("request_id", default="")
user_id: ContextVar[int | None] = ContextVar("user_id", default=None)
review: ContextVar[str] = ContextVar("review", default="")
view: ContextVar[str] = ContextVar("view", default="")

logger = logging.getLogger("peerreview.requests")
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextFilter(logging.Filter):
    """Adds the request's id, user id and review to every record logged while it is served."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.user_id = user_id.get()
        record.review = review.get()
        record.view = view.get()
        return True


def _incoming_id(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.TRUST_REQUEST_ID_HEADER and VALID_ID.match(given):
        return given
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Outermost of all the middleware, so that every response, a refusal included, has its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = _incoming_id(request)
        tokens = request_id.set(request.request_id), user_id.set(None), review.set(""), view.set("")
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            self._log(request, response.status_code, started)
            return response
        finally:
            request_id.reset(tokens[0])
            user_id.reset(tokens[1])
            review.reset(tokens[2])
            view.reset(tokens[3])

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id.set(user.pk)
        if "reference" in view_kwargs:
            review.set(str(view_kwargs["reference"])[:100])
        match = getattr(request, "resolver_match", None)
        view.set(match.view_name if match else getattr(view_func, "__name__", ""))

    def _log(self, request, status: int, started: float) -> None:
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
