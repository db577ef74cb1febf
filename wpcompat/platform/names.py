"""The rules for the names the platform hands out: tenant slugs and logins, one each.

The site file, the CLI and the URL reader all use these. They are full matches: ``re.match`` with ``$``
would let a trailing newline through.
"""
from __future__ import annotations

import re

#: 1-64 lower-case letters, digits and inner dashes, so a slug is safe as it is in a path, a host label
#: and a header; WordPress's own top-level directories are never a tenant's.
TENANT_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
RESERVED_SLUGS = frozenset({"wp-json", "wp-admin", "wp-content", "wp-includes", "index.php", "static"})
#: WordPress's ``sanitize_user( $login, true )`` alphabet, at most 60 characters (``user_login``).
LOGIN = re.compile(r"[A-Za-z0-9 _.\-@]{1,60}")


def is_tenant_slug(text: str) -> bool:
    """Could ``text`` be a tenant's slug? Anything else names no site: never looked up, never reflected."""
    return TENANT_SLUG.fullmatch(text) is not None and text not in RESERVED_SLUGS


def is_login(text: str) -> bool:
    return LOGIN.fullmatch(text) is not None
