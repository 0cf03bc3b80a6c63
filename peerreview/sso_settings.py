"""The single sign-on issuers the settings configure, read from the environment once."""

import json
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Issuer:
    issuer: str  # the OpenID Connect issuer's URL: its discovery document is below it
    client_id: str
    client_secret: str
    domains: tuple[str, ...] = field(default=())  # e-mail domains it may sign in; empty: any
    mfa_counts: bool = False  # whether its own multi-factor sign-in stands for the second step

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def admits(self, email: str) -> bool:
        domain = email.rsplit("@", 1)[-1].lower()
        return not self.domains or domain in self.domains


def sso_issuers(
    *,
    issuer: str | None,
    client_id: str | None,
    client_secret: str | None,
    domains: list[str],
    mfa_counts: bool,
    more: str | None,
) -> list[Issuer]:
    """The first issuer from its three variables (all or none), then any in ``more`` (JSON)."""
    given = [issuer, client_id, client_secret]
    if any(given) and not all(given):
        raise ImproperlyConfigured("Set all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or none")
    issuers = []
    if all(given):
        issuers.append(
            Issuer(
                str(issuer), str(client_id), str(client_secret), tuple(d.lower() for d in domains), mfa_counts
            )
        )
    try:
        for item in json.loads(more or "[]"):
            issuers.append(
                Issuer(
                    item["issuer"],
                    item["client_id"],
                    item["client_secret"],
                    tuple(d.lower() for d in item.get("domains", [])),
                    bool(item.get("mfa_counts", False)),
                )
            )
    except (ValueError, KeyError, TypeError) as error:
        raise ImproperlyConfigured(f"OIDC_MORE_ISSUERS is not a JSON list of issuers: {error}") from error
    return issuers
