"""A software passkey: a real WebAuthn authenticator (an ECDSA P-256 key, CBOR-encoded, signed as
the specification says) standing where a phone or security key would, so that the service's
ceremonies are proven against real attestations and assertions without a browser. The browser
journeys use Chromium's own virtual authenticator instead."""

import base64
import hashlib
import json
import os

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

# Flags of the authenticator data: user present, user verified, attested credential data included.
USER_PRESENT, USER_VERIFIED, ATTESTED = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SoftPasskey:
    def __init__(self, origin: str):
        self.origin = origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0
        self.user_handle = ""

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def _public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        # COSE_Key: EC2 (kty 2), ES256 (alg -7), P-256 (crv 1), x and y.
        return cbor2.dumps(
            {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
        )

    def create(self, options: dict) -> dict:
        """The browser's answer to ``navigator.credentials.create`` with the service's options."""
        self.user_handle = options["user"]["id"]
        rp_id_hash = hashlib.sha256(options["rp"]["id"].encode()).digest()
        attested = (
            bytes(16) + len(self.credential_id).to_bytes(2, "big") + self.credential_id + self._public_key()
        )
        flags = USER_PRESENT | USER_VERIFIED | ATTESTED
        auth_data = rp_id_hash + bytes([flags]) + self.sign_count.to_bytes(4, "big") + attested
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(self._client_data("webauthn.create", options["challenge"])),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
            "authenticatorAttachment": "platform",
        }

    def get(self, options: dict) -> dict:
        """The browser's answer to ``navigator.credentials.get``: a signed assertion."""
        self.sign_count += 1
        rp_id_hash = hashlib.sha256(options["rpId"].encode()).digest()
        auth_data = rp_id_hash + bytes([USER_PRESENT | USER_VERIFIED]) + self.sign_count.to_bytes(4, "big")
        client_data = self._client_data("webauthn.get", options["challenge"])
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": self.user_handle,
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }
