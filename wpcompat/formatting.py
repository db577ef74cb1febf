"""WordPress formatting and validation helpers (``formatting.php``, ``functions.php``), as used on the wire."""
from __future__ import annotations

import html
import ipaddress
import re
from datetime import datetime

from .php.casts import php_string

_EMAIL_LOCAL = re.compile(r"[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.\-]+")
_EMAIL_SUB = re.compile(r"[a-z0-9-]+", re.IGNORECASE)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_IPV4 = re.compile(r"(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)")
_REST_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}(?::\d{2})?)?")
_PHP_TRIM = " \t\n\r\0\x0b"


def is_email(value: object) -> bool:
    """WordPress ``is_email()`` (the plain validity test, not RFC 5322)."""
    if not isinstance(value, str) or len(value.encode()) < 6 or value.find("@", 1) < 0:
        return False
    local, domain = value.split("@", 1)
    if not _EMAIL_LOCAL.fullmatch(local) or ".." in domain or domain.strip(_PHP_TRIM + ".") != domain:
        return False
    subs = domain.split(".")
    return len(subs) >= 2 and all(
        sub.strip(_PHP_TRIM + "-") == sub and _EMAIL_SUB.fullmatch(sub) for sub in subs
    )


def is_uuid(value: object) -> bool:
    """``wp_is_uuid()``: lower-case hex in 8-4-4-4-12 groups (upper-case is refused, as in WordPress)."""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def is_ip_address(value: object) -> bool:
    """``rest_is_ip_address()``: dotted IPv4 or any IPv6."""
    if not isinstance(value, str):
        return False
    if _IPV4.fullmatch(value):
        return True
    try:
        return isinstance(ipaddress.ip_address(value), ipaddress.IPv6Address)
    except ValueError:
        return False


def parse_rest_date(value: object) -> bool:
    """Whether ``rest_parse_date()`` accepts ``value`` (RFC 3339 shape and a real calendar time)."""
    match = _REST_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return False
    try:
        datetime(*map(int, match.groups()))
    except ValueError:
        return False
    return True


def sanitize_text_field(value: object) -> str:
    """``sanitize_text_field()``: strip tags, collapse whitespace, trim, drop percent-encoded octets."""
    if isinstance(value, (list, dict)):
        return ""
    text = php_string(value)  # (string): true is "1", null and false are ""
    if "<" in text:
        # wp_pre_kses_less_than: a '<' that does not open a tag is kept as text (&lt;).
        text = re.sub(r"<[^>]*?((?=<)|>|$)", lambda m: m.group() if ">" in m.group() else html.escape(m.group()),
                      text)
        text = re.sub(r"<(script|style)[^>]*?>.*?</\1>", "", text, flags=re.IGNORECASE | re.DOTALL)
        text = re.sub(r"<[^>]*>?", "", text).strip()
        text = text.replace("<\n", "&lt;\n")
    text = re.sub(r"[\r\n\t ]+", " ", text).strip(_PHP_TRIM)
    found = False
    while (match := re.search(r"%[a-f0-9]{2}", text, re.IGNORECASE)) is not None:
        text = text.replace(match.group(), "")
        found = True
    if found:
        text = re.sub(r" +", " ", text).strip(_PHP_TRIM)
    return text


def sanitize_title(value: str) -> str:
    """``sanitize_title()`` for ASCII logins (how ``user_nicename`` is made): lower-case, dashes, no symbols."""
    slug = value.lower().replace(".", "-")
    slug = re.sub(r"[^a-z0-9 _-]", "", slug)
    slug = re.sub(r"\s+", "-", slug)
    return re.sub(r"-+", "-", slug).strip("-")


def sanitize_key(value: object) -> str:
    """``sanitize_key()``: lower-case letters, digits, ``_`` and ``-`` only (non-scalars become "")."""
    if not isinstance(value, (str, int, float)):  # is_scalar(); a bool is an int here
        return ""
    return re.sub(r"[^a-z0-9_\-]", "", php_string(value).lower())
