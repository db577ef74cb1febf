"""Sealed values: secrets we must give back as they were, so they cannot be hashed, encrypted at rest.

A TeamBooking reservation token imported from WordPress is one: the plugin answers it in
``get_reservations`` and its e-mail links carry it as ``checksum``, so we must show the very token the
WordPress site made, yet the database must not hold it readable. :func:`seal` encrypts it with Fernet
(AES-128-CBC and HMAC-SHA256, from ``cryptography``) under a key derived from the app's ``SECRET_KEY``
by HKDF-SHA256; :func:`unseal` gives it back. A database copied without the secret key holds nothing
usable; changing ``SECRET_KEY`` makes sealed values unreadable (:class:`SealBroken`), as it already
invalidates every derived reservation token.
"""
from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

# HKDF's "info": a key for this purpose only, whatever else is derived from SECRET_KEY.
_PURPOSE = b"wpcompat sealed values v1"


class SealBroken(ValueError):
    """A sealed value that does not open under this app's key (another SECRET_KEY, or altered bytes)."""


@lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _app_fernet() -> Fernet:
    return _fernet(current_app.config["SECRET_KEY"])


def seal(plaintext: str) -> str:
    """``plaintext`` encrypted under the app's key, as ASCII text (a Fernet token, ~140 characters for 32)."""
    return _app_fernet().encrypt(plaintext.encode()).decode("ascii")


def unseal(sealed: str) -> str:
    """The plaintext :func:`seal` sealed; :class:`SealBroken` if it does not open under the app's key."""
    try:
        return _app_fernet().decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as error:
        raise SealBroken("a sealed value does not open under this SECRET_KEY") from error
