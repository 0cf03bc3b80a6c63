"""A small OpenID Connect provider for the tests, run as a child process on the loopback
(``python -m tests.oidc_provider PORT CLIENT_ID CLIENT_SECRET``): discovery, the authorization
endpoint, the token endpoint (client secret, PKCE S256, each code once) and its keys, with an
RSA key of its own made at start, signing ID tokens with joserfc (Authlib's JOSE library).

Who "signs in" at it, and what its next ID token says, is set by the test through ``/control``
(a JSON POST): the e-mail and whether it is verified, the ``amr``, and for the negative cases an
audience other than the client's or an expiry in the past. The service under test speaks to it
over real HTTP, as it would to Microsoft Entra ID.
"""

import base64
import hashlib
import json
import secrets
import sys
import time
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

from joserfc import jwt
from joserfc.jwk import RSAKey


class Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):  # the handler's own signature
        pass


class Provider:
    def __init__(self, base: str, client_id: str, client_secret: str):
        self.base, self.client_id, self.client_secret = base, client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.identity = {"email": "", "email_verified": True}
        self.token_options: dict = {}
        self.codes: dict[str, dict] = {}  # code -> what the authorization said; removed once used

    def __call__(self, environ, start_response):
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        routes = {
            ("GET", "/.well-known/openid-configuration"): self.discovery,
            ("GET", "/jwks"): self.jwks,
            ("GET", "/authorize"): self.authorize,
            ("POST", "/token"): self.token,
            ("POST", "/control"): self.control,
        }
        handler = routes.get((method, path))
        if handler is None:
            return self._json(start_response, {"error": "not_found"}, "404 Not Found")
        return handler(environ, start_response)

    def _json(self, start_response, body, status="200 OK"):
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]

    def _form(self, environ) -> dict[str, str]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length).decode()
        if environ.get("CONTENT_TYPE", "").startswith("application/json"):
            return json.loads(raw)
        return {key: values[0] for key, values in parse_qs(raw).items()}

    def discovery(self, environ, start_response):
        return self._json(
            start_response,
            {
                "issuer": self.base,
                "authorization_endpoint": f"{self.base}/authorize",
                "token_endpoint": f"{self.base}/token",
                "jwks_uri": f"{self.base}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            },
        )

    def jwks(self, environ, start_response):
        return self._json(start_response, {"keys": [self.key.as_dict(private=False)]})

    def control(self, environ, start_response):
        settings = self._form(environ)
        self.identity = settings.get("identity", self.identity)
        self.token_options = settings.get("token", {})
        return self._json(start_response, {"ok": True})

    def authorize(self, environ, start_response):
        query = {key: values[0] for key, values in parse_qs(environ["QUERY_STRING"]).items()}
        if query.get("client_id") != self.client_id or query.get("code_challenge_method") != "S256":
            return self._json(start_response, {"error": "invalid_request"}, "400 Bad Request")
        code = secrets.token_urlsafe(16)
        self.codes[code] = dict(query, identity=dict(self.identity))
        location = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
        start_response("302 Found", [("Location", location)])
        return [b""]

    def _client_secret(self, environ, form) -> str:
        header = environ.get("HTTP_AUTHORIZATION", "")
        if header.startswith("Basic "):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            return secret if client_id == self.client_id else ""
        return form.get("client_secret", "") if form.get("client_id") == self.client_id else ""

    def token(self, environ, start_response):
        form = self._form(environ)
        if self._client_secret(environ, form) != self.client_secret:
            return self._json(start_response, {"error": "invalid_client"}, "401 Unauthorized")
        asked = self.codes.pop(form.get("code", ""), None)  # each code works once
        if asked is None or form.get("redirect_uri") != asked["redirect_uri"]:
            return self._json(start_response, {"error": "invalid_grant"}, "400 Bad Request")
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != asked["code_challenge"]:
            return self._json(
                start_response, {"error": "invalid_grant", "error_description": "PKCE"}, "400 Bad Request"
            )
        now = int(time.time())
        claims = {
            "iss": self.base,
            "sub": hashlib.sha256(asked["identity"]["email"].encode()).hexdigest()[:16],
            "aud": self.token_options.get("aud", self.client_id),
            "iat": now,
            "exp": now + int(self.token_options.get("expires_in", 300)),
            "nonce": asked.get("nonce", ""),
            "at_hash": None,
            **asked["identity"],
        }
        if "aud" in self.token_options:  # a token issued to another client names it as its party
            claims["azp"] = self.token_options.get("azp", self.token_options["aud"])
        access_token = secrets.token_urlsafe(24)
        digest = hashlib.sha256(access_token.encode()).digest()
        claims["at_hash"] = base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        return self._json(
            start_response,
            {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token},
        )


def main() -> None:
    port, client_id, client_secret = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    provider = Provider(f"http://127.0.0.1:{port}", client_id, client_secret)
    with make_server("127.0.0.1", port, provider, handler_class=Quiet) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
