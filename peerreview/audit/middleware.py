"""Sets who is acting, for the audit log, on each request; records refusals."""

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse

from peerreview.audit.context import current_address, current_user, in_admin
from peerreview.audit.record import record


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix: str | None
        try:
            self.admin_prefix = reverse("admin:index")
        except NoReverseMatch:  # no admin site: nothing is changed there
            self.admin_prefix = None

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        admin = self.admin_prefix is not None and request.path_info.startswith(self.admin_prefix)
        tokens = (
            current_user.set(user),
            current_address.set(request.META.get("REMOTE_ADDR")),
            in_admin.set(admin),
        )
        try:
            return self.get_response(request)
        finally:
            current_user.reset(tokens[0])
            current_address.reset(tokens[1])
            in_admin.reset(tokens[2])

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            record(kind="denied", summary=f"{request.method} {request.path}"[:300])
