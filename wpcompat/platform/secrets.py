"""Secrets: WordPress application passwords and TeamBooking tokens.

Application passwords follow WordPress 6.8+ exactly (``class-wp-application-passwords.php``):
24 characters from ``[A-Za-z0-9]``, shown once in six groups of four, every other character stripped
before checking, stored as ``wp_fast_hash`` — keyed BLAKE2b, ``$generic$`` prefix — so a hash copied
out of a real WordPress database verifies here. Both are keyed fast hashes, not slow password hashes:
the secrets are long and random, and checking one costs microseconds on every request.

Every WordPress before 6.8 stored application passwords as phpass portable hashes (``$P$``, 2^13 salted
MD5 rounds by ``wp_hash_password``); an imported one is checked with libpass's ``phpass``, as
``wp_check_password`` does. WordPress never rehashes an application password (6.8 keeps the old ones as
they are, unlike login passwords), and neither does wpcompat: the hash stays byte for byte as imported.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import string

from passlib.hash import phpass

ALPHANUMERIC = string.ascii_letters + string.digits
APP_PASSWORD_LENGTH = 24
TOKEN_LENGTH = 32
_WP_FAST_HASH_KEY = b"wp_fast_hash_6.8+"
_GENERIC_PREFIX = "$generic$"
#: phpass portable hashes: WordPress writes $P$; its CheckPassword also accepts phpBB's $H$ spelling.
_PHPASS_PREFIXES = ("$P$", "$H$")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")


def random_alphanumeric(length: int) -> str:
    return "".join(secrets.choice(ALPHANUMERIC) for _ in range(length))


def generate_app_password() -> str:
    """A new application password, as ``wp_generate_password(24, false)`` makes it."""
    return random_alphanumeric(APP_PASSWORD_LENGTH)


def normalize_app_password(password: str) -> str:
    """Strip everything but ``[A-Za-z0-9]``, as WordPress does before checking."""
    return _NON_ALNUM.sub("", password)


def chunk_app_password(password: str) -> str:
    """The display form: groups of four separated by spaces (``abcd efgh ijkl mnop qrst uvwx``)."""
    raw = normalize_app_password(password)
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def wp_fast_hash(message: str) -> str:
    """WordPress's ``wp_fast_hash()``: BLAKE2b keyed with ``wp_fast_hash_6.8+``, 30 bytes, base64url."""
    digest = hashlib.blake2b(message.encode(), digest_size=30, key=_WP_FAST_HASH_KEY).digest()
    return _GENERIC_PREFIX + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def hash_app_password(password: str) -> str:
    return wp_fast_hash(normalize_app_password(password))


def check_app_password(password: str, stored_hash: str) -> bool:
    """Constant-time check of a (possibly chunked) password against its stored hash.

    ``$generic$`` (WordPress 6.8+) or a phpass ``$P$`` hash imported from an older WordPress; any other
    format is refused, never guessed at.
    """
    if stored_hash.startswith(_GENERIC_PREFIX):
        return hmac.compare_digest(hash_app_password(password), stored_hash)
    if stored_hash.startswith(_PHPASS_PREFIXES):
        return _check_phpass(normalize_app_password(password), stored_hash)
    return False


#: Outcomes of phpass checks already made, by a keyed digest of (stored hash, password): a ``$P$`` check
#: is 2^13 MD5 rounds (about 10 ms), and an integration presents the same password on every request,
#: each checked against all of its user's records. The key is random per process, so the digests (in
#: memory only) say nothing about a password; a changed or deleted record is simply never asked about again.
_PHPASS_SEEN_KEY = secrets.token_bytes(32)
_PHPASS_SEEN_MAX = 4096
_phpass_seen: dict[bytes, bool] = {}


def _check_phpass(password: str, stored_hash: str) -> bool:
    """phpass's ``CheckPassword`` (libpass compares the digests in constant time; phpass itself does not),
    remembered per (hash, password) so that a repeat costs a BLAKE2b instead of 2^13 MD5 rounds."""
    seen = hashlib.blake2b(f"{stored_hash}\0{password}".encode(), key=_PHPASS_SEEN_KEY).digest()
    outcome = _phpass_seen.get(seen)
    if outcome is None:
        try:
            outcome = phpass.verify(password, stored_hash)
        except (ValueError, TypeError):  # passlib.exc.PasswordSizeError is a ValueError
            # A malformed hash (wrong length, rounds outside 2^7..2^30, bad characters) matches nothing, as in
            # phpass, whose crypt_private() then answers "*0"; a password over 4096 bytes is refused by both.
            outcome = False
        if len(_phpass_seen) >= _PHPASS_SEEN_MAX:
            _phpass_seen.clear()  # bounded: passwords sprayed at a user cannot grow it without end
        _phpass_seen[seen] = outcome
    return outcome


def generate_token() -> str:
    """A TeamBooking ``auth_token``: 32 alphanumeric characters."""
    return random_alphanumeric(TOKEN_LENGTH)


def hash_token(token: str) -> str:
    """SHA-256 of a token: tokens are long and random, so a fast unsalted digest is enough to look them up."""
    return hashlib.sha256(token.encode()).hexdigest()
