"""The secrets a person holds: the link in their email, a six-digit code, their session cookie.

The link and the cookie carry 256 random bits, so a plain SHA-256 digest is enough to store them.
A code has only a million values, so its digest is keyed with the service's secret key and bound to
the access it belongs to: a copy of the database alone cannot be searched for it.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

CODE_DIGITS = 6


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_digest(access_id, code: str) -> str:
    message = f"{access_id}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def codes_match(access_id, code: str, digest: str) -> bool:
    return hmac.compare_digest(code_digest(access_id, code), digest)
