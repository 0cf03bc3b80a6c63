"""Single sign-on's two pages: the start (to the issuer, with state, nonce and a PKCE
challenge) and the callback (the issuer's answer, checked, then signed in or refused: both,
and their audit records, by ``sso``)."""

from authlib.integrations.base_client import OAuthError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from joserfc.errors import JoseError
from requests import RequestException

from peerreview.accounts import sso

NEXT = "sso_next"


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
        sso.refusal_record(issuer, error)
        reason = str(error) if isinstance(error, sso.Refused) else "The sign-in could not be checked"
        context = {"reason": reason, "page_title": "You are not signed in"}
        return render(request, "accounts/sso_refused.html", context, status=403)
    target = request.session.pop(NEXT, "") or reverse("dashboard")
    sso.sign_in(request, issuer=issuer, user=user, claims=claims)
    return redirect(target)
