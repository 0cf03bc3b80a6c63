"""Single sign-on with the organisation's account (issue 33, in part), against a real OpenID
provider the tests start (``tests/oidc_provider.py``): the start carries state, nonce and a PKCE
S256 challenge; a good sign-in signs in the invited account; a forged state, a replayed code, a
wrong audience, an expired token, an unknown e-mail and an uninvited domain sign no one in."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.checks.registry import registry
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from peerreview.accounts.checks import single_sign_on_over_https
from peerreview.audit.models import AuditEvent
from peerreview.sso_settings import Issuer, sso_issuers
from tests.servers import oidc_provider

CLIENT_ID, SECRET = "peer-review-service", "a-client-secret"
START = reverse("accounts:sso_start", args=[0])


@pytest.fixture(scope="module")
def issuer_url():
    with oidc_provider(CLIENT_ID, SECRET) as url:
        yield url


@pytest.fixture
def configured(settings, issuer_url):
    def configure(*, domains=(), mfa_counts=False, secret=SECRET):
        settings.OIDC_ISSUERS = [Issuer(issuer_url, CLIENT_ID, secret, tuple(domains), mfa_counts)]

    configure()
    return configure


def _at_provider(issuer_url, *, email, verified=True, amr=(), token=None):
    identity = {"email": email, "email_verified": verified, "amr": list(amr)}
    requests.post(f"{issuer_url}/control", json={"identity": identity, "token": token or {}}, timeout=5)


def _callback(client) -> str:
    """Starts single sign-on and follows the browser to the provider: the callback it sends back."""
    start = client.get(START)
    assert start.status_code == 302
    answer = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"].removeprefix("http://testserver")


def _signed_in(client) -> bool:
    return client.get(reverse("accounts:two_factor")).status_code == 200


def test_the_sign_in_page_offers_it_only_when_configured(client, settings, configured):
    assert "Sign in with your organisation" in client.get(reverse("accounts:login")).text
    settings.OIDC_ISSUERS = []
    assert "Sign in with your organisation" not in client.get(reverse("accounts:login")).text
    assert client.get(START).status_code == 404


def test_the_start_carries_state_nonce_and_a_pkce_s256_challenge(db, client, configured, issuer_url):
    location = client.get(START)["Location"]
    assert location.startswith(f"{issuer_url}/authorize?")
    query = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert "openid" in query["scope"].split()
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) >= 43
    assert len(query["state"]) >= 20
    assert len(query["nonce"]) >= 20


def test_an_invited_account_signs_in_whatever_the_case_of_its_address(cast, client, configured, issuer_url):
    _at_provider(issuer_url, email=cast.spoc.email.upper())
    response = client.get(_callback(client))
    assert response["Location"] == reverse("dashboard")
    assert _signed_in(client)
    assert AuditEvent.objects.filter(
        user=cast.spoc, kind="login", summary__startswith="Signed in with single"
    ).exists()


def test_the_issuers_mfa_stands_for_the_second_step_only_where_configured(
    cast, client, configured, issuer_url
):
    _at_provider(issuer_url, email=cast.lead_peer.email, amr=["pwd", "mfa"])
    client.get(_callback(client))
    assert client.get(reverse("dashboard")).status_code == 302  # still asked for the second step
    client.logout()
    configured(mfa_counts=True)
    client.get(_callback(client))
    assert client.get(reverse("dashboard")).status_code == 200


def _refused(client, path: str, reason: str, *, why: str) -> None:
    """The callback at ``path`` refuses, telling the person ``reason``; the audit log says ``why``."""
    response = client.get(path)
    assert response.status_code == 403
    assert reason in response.text.replace("&#x27;", "'")
    assert not _signed_in(client)
    summary = AuditEvent.objects.filter(kind="login_failed").latest("pk").summary
    assert summary.startswith("Single sign-on refused")
    assert why in summary


def test_a_forged_state_signs_no_one_in(cast, client, configured, issuer_url):
    _at_provider(issuer_url, email=cast.spoc.email)
    callback = _callback(client)
    code = parse_qs(urlsplit(callback).query)["code"][0]
    _refused(
        client, f"{urlsplit(callback).path}?code={code}&state=forged", "could not be checked", why="state"
    )


def test_a_replayed_code_signs_no_one_in(cast, client, configured, issuer_url):
    _at_provider(issuer_url, email=cast.spoc.email)
    first = _callback(client)
    assert client.get(first).status_code == 302
    client.logout()
    fresh = _callback(client)  # a new sign-in in progress, with its own state
    old_code = parse_qs(urlsplit(first).query)["code"][0]
    state = parse_qs(urlsplit(fresh).query)["state"][0]
    path = f"{urlsplit(fresh).path}?code={old_code}&state={state}"
    _refused(client, path, "could not be checked", why="invalid_grant")


@pytest.mark.parametrize(
    ("token", "why"),
    [
        ({"aud": "another-service"}, "'aud'"),  # another client's token, naming it as its party
        ({"aud": "another-service", "azp": CLIENT_ID}, "'aud'"),  # naming us, but not for us
        ({"expires_in": -600}, "expired"),
    ],
    ids=["another-party", "audience", "expired"],
)
def test_a_token_for_another_audience_or_expired_signs_no_one_in(
    cast, client, configured, issuer_url, token, why
):
    _at_provider(issuer_url, email=cast.spoc.email, token=token)
    _refused(client, _callback(client), "could not be checked", why=why)


def test_an_unknown_or_unverified_address_signs_no_one_in(cast, client, configured, issuer_url):
    _at_provider(issuer_url, email="nobody@ardlarich.example.org")
    _refused(client, _callback(client), "There is no account for this e-mail address", why="Refused")
    _at_provider(issuer_url, email=cast.spoc.email, verified=False)
    _refused(client, _callback(client), "did not give a verified e-mail address", why="Refused")


def test_a_domain_the_issuer_is_not_for_signs_no_one_in(cast, client, configured, issuer_url):
    configured(domains=["strathkeld.example.org"])
    _at_provider(issuer_url, email=cast.spoc.email)
    _refused(
        client, _callback(client), "Accounts at ardlarich.example.org cannot sign in this way", why="Refused"
    )


def test_the_settings_take_all_three_variables_or_none_and_more_issuers():
    one = sso_issuers(
        issuer="https://login.example.org/tenant/v2.0", client_id="id", client_secret="secret",
        domains=["Glenbrae.Example.org"], mfa_counts=False,
        more=json.dumps([{"issuer": "https://idp.example.net", "client_id": "b", "client_secret": "c",
                          "mfa_counts": True}]),
    )  # fmt: skip
    assert [issuer.issuer for issuer in one] == [
        "https://login.example.org/tenant/v2.0",
        "https://idp.example.net",
    ]
    assert one[0].admits("someone@glenbrae.example.org")
    assert not one[0].admits("someone@ardlarich.example.org")
    assert one[1].admits("anyone@anywhere.example")
    assert one[1].mfa_counts
    with pytest.raises(ImproperlyConfigured, match="all of OIDC_ISSUER"):
        sso_issuers(
            issuer="https://x", client_id=None, client_secret=None, domains=[], mfa_counts=False, more=None
        )
    with pytest.raises(ImproperlyConfigured, match="OIDC_MORE_ISSUERS"):
        sso_issuers(
            issuer=None, client_id=None, client_secret=None, domains=[], mfa_counts=False, more='[{"x": 1}]'
        )


def test_the_deployment_check_wants_https_issuers(settings):
    assert single_sign_on_over_https in registry.get_checks(include_deployment_checks=True)
    settings.OIDC_ISSUERS = [Issuer("http://idp.example.org", "id", "secret")]
    assert [warning.id for warning in single_sign_on_over_https(None)] == ["accounts.W003"]
    settings.OIDC_ISSUERS = [Issuer("https://idp.example.org", "id", "secret")]
    assert single_sign_on_over_https(None) == []
