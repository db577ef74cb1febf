"""Headers as the emulated plugin or WordPress sends them, for the tests that compare every header.

wpcompat adds one header of its own to every answer, ``X-Request-Id`` (a fresh random value unless the
client sent one): it is left out here and checked by ``tests/test_request_id.py``.
"""
from __future__ import annotations

from wpcompat.request_id import HEADER


def plugin_headers(response) -> list[tuple[str, str]]:
    """``response``'s headers in order, without wpcompat's ``X-Request-Id``."""
    return [(name, value) for name, value in response.headers.items() if name != HEADER]
