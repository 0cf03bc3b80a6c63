"""Request bodies are refused from their declared length before a byte of them is read.

One anonymous request once grew a worker by 693 MB: a 300 MB multipart part posted to the
sign-in page was stopped by the upload handler, and Django then drained the rest of the body a
"line" at a time, a line being the whole body when it has no newline. So each route has a limit
on its body, checked against ``Content-Length`` first of all, and anything over it gets a page
in the service's layout saying what happened (413), whoever sent it:

- the account pages (sign-in, password reset, invitations, two-factor): ``SMALL_BODY``;
- a view that takes a file (``accepts_files``): twice the upload limit, so that a file somewhat
  over it still gets the form's own message, in the form (``peerreview.uploads``);
- every other page: Django's limit on a form's fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``).

A body sent in chunks, with no declared length, is refused (411): every browser declares one.
What is under the limit and still refused by the upload handler is drained in fixed chunks
(``peerreview.uploads``), never a line at a time.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from peerreview.uploads import FORM_ALLOWANCE

SMALL_BODY = 64 * 1024  # a sign-in form is a few hundred bytes
SMALL_NAMESPACES = {"accounts"}
View = TypeVar("View", bound=Callable[..., Any])


def accepts_files(view: View) -> View:
    """Marks a view that takes an uploaded file: its requests may carry one."""
    view.accepts_files = True  # type: ignore[attr-defined]
    return view


def body_limit(request: HttpRequest) -> int:
    """The most bytes a body may have on the route ``request`` is for."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return SMALL_BODY  # nothing here takes a body
    if getattr(match.func, "accepts_files", False):
        return 2 * settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024 + FORM_ALLOWANCE
    if SMALL_NAMESPACES & set(match.namespaces):
        return SMALL_BODY
    return (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440) + FORM_ALLOWANCE


class BodyLimitMiddleware:
    """First of all the middleware: nothing has read the body yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return _refused(request, 411, None)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return _refused(request, 400, None)
        if length:
            limit = body_limit(request)
            if length > limit:
                return _refused(request, 413, limit)
        return self.get_response(request)


def _refused(request: HttpRequest, status: int, limit: int | None) -> HttpResponse:
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    context = {"status": status, "limit_mb": round(limit / (1024 * 1024), 1) if limit else None, "back": back}
    response = render(request, "request_refused.html", context, status=status)
    # The body is not read: the connection cannot carry another request.
    response["Connection"] = "close"
    return response
