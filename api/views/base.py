"""What every API view shares: each call is written to the audit log as its person's."""

from rest_framework.views import APIView

from peerreview.audit.record import record


class ApiView(APIView):
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = request.auth if request.user.is_authenticated else None
        if token is not None:
            summary = f"API {request.method} {request.path}: {response.status_code} (token “{token.name}”)"
            record(kind="api", user=request.user, summary=summary[:300])
        return response
