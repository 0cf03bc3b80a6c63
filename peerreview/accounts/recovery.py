"""Recovery codes: ten one-time codes a person keeps on paper, for the day their authenticator
app is lost. They are a django-otp device of their own (``models.RecoveryCodeDevice``), so
that using one passes the second step as a code from the app does; only each code's SHA-256 is
stored (the codes are random, so a slow hash adds nothing), and a code once used is refused.
"""

import hashlib
import secrets

CODES = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read back from paper
LENGTH = 10  # about 49 bits each


def code_hash(code: str) -> str:
    """The stored form of ``code``, as typed in any case, with or without its hyphen or spaces."""
    return hashlib.sha256("".join(code.lower().replace("-", "").split()).encode()).hexdigest()


def new_code() -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{code[:5]}-{code[5:]}"
