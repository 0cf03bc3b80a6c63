"""Sets who is acting, for the audit log, on each request; records refusals."""

from django.core.exceptions import PermissionDenied

from peerreview.audit.context import current_address, current_user
from peerreview.audit.record import record


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
        if isinstance(exception, PermissionDenied):
            record(kind="denied", summary=f"{request.method} {request.path}"[:300])
