"""Who is calling: the person whose token the ``Authorization: Bearer`` header carries. The API
takes no cookies, so a browser's session can never be used to call it from another site."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import SimpleRateThrottle

from api.tokens import api_token_find
from peerreview.audit.context import current_user

NOT_A_TOKEN = "The token is not one the service knows, or it has expired or been revoked"


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].decode(errors="replace") != self.keyword:
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed("Give the token after “Bearer ”, with no spaces in it")
        token = api_token_find(words[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed(NOT_A_TOKEN)
        # The audit log records what the call changes as its person's doing.
        current_user.set(token.user)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token made under “API tokens” in the service (or with "
            "`manage.py create_api_token`).",
        }


class TokenMayWrite(BasePermission):
    """A read-only token reads; only a read-write token may ask to change anything (and then only
    what its person may)."""

    message = "This token may only read: make a read-write token to change anything"

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or bool(getattr(request.auth, "writes", False))


class PerTokenThrottle(SimpleRateThrottle):
    """Calls counted per token (``API_THROTTLE_RATE``), wherever they come from."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
