"""Cross-cutting protections for every request."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import LazyObject, empty


class ResolvedUserMiddleware:
    """Puts the user itself on ``request.user``, in place of the lazy objects that stand for it.

    Django's authentication middleware and django-otp's each wrap the user in a lazy object, the
    second around the first, so every read of an attribute of ``request.user`` passed through two
    proxies: the rules ask who the user is at each check, some 300 reads on a review page, 7 to 11%
    of its time. The audit middleware, next, reads the user on every request anyway, so
    resolving it here makes no query that the request did not already make. Signing in and out
    (``login``, ``logout``) put a plain user on the request too, so nothing expects a lazy one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        while isinstance(user, LazyObject):
            if user._wrapped is empty:
                user._setup()
            user = user._wrapped
        request.user = user
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages and downloads for a signed-in user are never kept by browsers or proxies: the data
    is protectively marked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class SessionLifetimeMiddleware:
    """Ends a session a fixed time after sign-in, however active it has been, and moves its idle
    expiry on as the user works.

    The idle expiry moves when the session is saved; saving it on every request would write to
    the database for every page, so it is saved when it was last seen more than
    ``SESSION_REFRESH_SECONDS`` ago: the idle timeout is kept to within that.
    """

    KEY = "signed_in_at"
    SEEN = "seen_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.setdefault(self.KEY, now)
            if now - signed_in_at > settings.SESSION_MAX_SECONDS:
                logout(request)
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if now - request.session.get(self.SEEN, 0) > settings.SESSION_REFRESH_SECONDS:
                request.session[self.SEEN] = now
        return self.get_response(request)
