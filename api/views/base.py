"""What every API view shares: each call is written to the audit log as its person's."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from peerreview.audit.record import record


class ApiView(APIView):
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = request.auth if request.user.is_authenticated else None
        # A call refused for coming too fast is not written: a runaway script must not fill the
        # audit log at the rate it calls.
        if token is not None and response.status_code != status.HTTP_429_TOO_MANY_REQUESTS:
            summary = f"API {request.method} {request.path}: {response.status_code} (token “{token.name}”)"
            record(kind="api", user=request.user, summary=summary[:300])
        return response


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([])
def not_found(request):
    raise NotFound("There is nothing at this address in the API: see /api/docs/")
