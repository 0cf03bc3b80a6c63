"""Who is acting, for the audit log: set by middleware for each request."""

from contextlib import contextmanager
from contextvars import ContextVar

current_user: ContextVar = ContextVar("audit_user", default=None)
current_address: ContextVar = ContextVar("audit_address", default=None)
# True while a bulk operation (an import) records itself as one event instead of row by row.
summarised: ContextVar = ContextVar("audit_summarised", default=False)


@contextmanager
def as_one_event():
    token = summarised.set(True)
    try:
        yield
    finally:
        summarised.reset(token)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        tokens = current_user.set(user), current_address.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            current_user.reset(tokens[0])
            current_address.reset(tokens[1])

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied

        from peerreview.audit.record import record

        if isinstance(exception, PermissionDenied):
            record(kind="denied", summary=f"{request.method} {request.path}"[:300])
