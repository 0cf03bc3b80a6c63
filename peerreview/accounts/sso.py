"""Single sign-on with the organisation's own account (OpenID Connect), by Authlib's client:
the authorization code flow with PKCE (S256), state and nonce; the ID token's signature checked
against the issuer's published keys, and its issuer, audience, expiry and nonce.

It signs in only an account that exists already (people are invited; single sign-on never
makes an account), is active, and whose address the issuer says it has verified, matched
without regard to case, in the e-mail domains the issuer is configured for.
"""

from typing import Any

from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth import login
from django.http import Http404
from django_otp import login as otp_login

from peerreview.accounts.models import IssuerDevice, User
from peerreview.audit.record import record
from peerreview.sso_settings import Issuer

BACKEND = "peerreview.accounts.backends.AccountBackend"

_clients: dict[tuple[int, Issuer], Any] = {}


class Refused(Exception):
    """Why single sign-on signs nobody in, in words for the person."""


def client(index: int) -> tuple[Issuer, Any]:
    """The configured issuer number ``index`` and its Authlib client (made once per process)."""
    issuers: list[Issuer] = settings.OIDC_ISSUERS
    if not 0 <= index < len(issuers):
        raise Http404("No such sign-in")
    issuer = issuers[index]
    if (index, issuer) not in _clients:
        _clients[(index, issuer)] = OAuth().register(
            name=f"issuer{index}",
            client_id=issuer.client_id,
            client_secret=issuer.client_secret,
            server_metadata_url=issuer.metadata_url,
            client_kwargs={"scope": "openid email", "code_challenge_method": "S256"},
        )
    return issuer, _clients[(index, issuer)]


def claims_options(issuer: Issuer) -> dict[str, Any]:
    """What the ID token must say of itself: issued by this issuer, to this service. Authlib
    checks the issuer by default, but the audience only through the authorised party (``azp``):
    a token for another audience that names this client as its party would pass. So both."""
    return {
        "iss": {"essential": True, "values": [issuer.issuer]},
        "aud": {"essential": True, "values": [issuer.client_id]},
    }


def account_for(issuer: Issuer, claims: dict[str, Any]) -> User:
    """The account the issuer's checked claims sign in, or ``Refused``."""
    email = str(claims.get("email") or "")
    if not email or claims.get("email_verified") is not True:
        raise Refused("Your organisation's account did not give a verified e-mail address")
    if not issuer.admits(email):
        raise Refused(f"Accounts at {email.rsplit('@', 1)[-1]} cannot sign in this way")
    user = User.objects.with_email(email)
    if user is None or not user.is_active:
        raise Refused("There is no account for this e-mail address: ask your review manager to invite you")
    return user


def mfa_counts(issuer: Issuer, claims: dict[str, Any]) -> bool:
    """Whether the issuer's own sign-in stands for the second step: only where configured, and
    only if its ``amr`` claim says it used multiple factors."""
    methods = claims.get("amr") or []
    return issuer.mfa_counts and isinstance(methods, list) and "mfa" in methods


def sign_in(request, *, issuer: Issuer, user: User, claims: dict[str, Any]) -> None:
    """Signs ``user`` in, passing the second step too where the issuer's MFA counts; audited."""
    login(request, user, backend=BACKEND)
    if mfa_counts(issuer, claims):
        device, _ = IssuerDevice.objects.get_or_create(
            user=user, defaults={"name": "Single sign-on", "confirmed": True}
        )
        otp_login(request, device)
    record(kind="login", user=user, summary=f"Signed in with single sign-on ({issuer.issuer})")


def refusal_record(issuer: Issuer, error: Exception) -> None:
    """The audit log's line for a refused sign-in: which issuer, and why in full."""
    summary = f"Single sign-on refused ({issuer.issuer}): {type(error).__name__}: {error}"
    record(kind="login_failed", summary=summary[:300])
