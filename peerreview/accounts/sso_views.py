"""Single sign-on's two pages: the start (to the issuer, with state, nonce and a PKCE
challenge) and the callback (the issuer's answer, checked, then signed in or refused). Every
sign-in and refusal is in the audit log."""

from authlib.integrations.base_client import OAuthError
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from joserfc.errors import JoseError
from requests import RequestException

from peerreview.accounts import sso
from peerreview.audit.record import record

NEXT = "sso_next"
BACKEND = "peerreview.accounts.backends.AccountBackend"


@require_GET
def sso_start(request, index):
    issuer, client = sso.client(index)
    target = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    request.session[NEXT] = target if allowed else ""
    callback = request.build_absolute_uri(reverse("accounts:sso_callback", args=[index]))
    return client.authorize_redirect(request, callback)


@require_GET
def sso_callback(request, index):
    issuer, client = sso.client(index)
    try:
        token = client.authorize_access_token(request, claims_options=sso.claims_options(issuer))
        claims = token.get("userinfo") or {}
        user = sso.account_for(issuer, claims)
    except (OAuthError, JoseError, sso.Refused, RequestException, ValueError) as error:
        reason = str(error) if isinstance(error, sso.Refused) else "The sign-in could not be checked"
        record(
            kind="login_failed",
            summary=f"Single sign-on refused ({issuer.issuer}): {type(error).__name__}: {error}"[:300],
        )
        return render(
            request,
            "accounts/sso_refused.html",
            {"reason": reason, "page_title": "You are not signed in"},
            status=403,
        )
    target = request.session.pop(NEXT, "") or reverse("dashboard")
    login(request, user, backend=BACKEND)
    if sso.mfa_counts(issuer, claims):
        sso.second_step_by_issuer(request, user)
    record(kind="login", user=user, summary=f"Signed in with single sign-on ({issuer.issuer})")
    return redirect(target)
