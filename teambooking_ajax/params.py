"""The parameters TeamBooking 2.5.7 reads from ``$_REQUEST`` (query string merged with the form body, body wins).

Each key goes through the PHP filter the plugin uses (teambooking-ajax.md §2); "present" is PHP's
``isset`` on the filtered value: ``""`` and a failed filter (``false``) are present, a missing key is
not. ``reservation`` and ``slot`` are only checked for presence here; their JSON is read from the raw
body (``php://input``), as the plugin does to dodge WordPress's added slashes (see :func:`raw_resource`).
"""
from __future__ import annotations

from dataclasses import dataclass

from wpcompat.ajax import AjaxRequest
from wpcompat.php.filters import sanitize_number_int, sanitize_string, validate_boolean
from wpcompat.php.forms import parse_str

_STRING_KEYS = ("operation", "auth_token", "service_id", "reason", "from", "to", "checksum", "ctoken")
_NUMBER_KEYS = ("id", "coworker")
_RAW_KEYS = ("reservation", "slot")


@dataclass(frozen=True)
class Params:
    """The filtered parameters: a str, ``False`` (sent as an array: the filter failed) or None (absent)."""

    values: dict[str, str | bool | None]
    show_past: bool

    def __getitem__(self, name: str) -> str | bool | None:
        return self.values.get(name)

    def present(self, name: str) -> bool:
        """PHP ``isset``: sent, even empty or as an array."""
        return self.values.get(name) is not None


def read_params(call: AjaxRequest) -> Params:
    """Filter ``$_REQUEST`` the way the plugin does."""
    request = call.request
    values: dict[str, str | bool | None] = {}
    for key in _STRING_KEYS:
        values[key] = sanitize_string(request.get(key))
    for key in _NUMBER_KEYS:
        values[key] = sanitize_number_int(request.get(key))
    for key in _RAW_KEYS:
        values[key] = request.get(key)  # raw: presence only
    # show_past defaults to TRUE when absent (documented default), like the plugin's filter_input default.
    return Params(values, show_past=validate_boolean(request.get("show_past"), default=True))


def raw_resource(call: AjaxRequest, name: str) -> object:
    """``parse_str(file_get_contents('php://input'))[name]``: the resource's JSON text as the body carries it.

    None when the body lacks it (sent in the query string only, or multipart, whose raw body PHP
    does not keep); a list or dict when it was sent with PHP array syntax (``reservation[type]=…``).
    """
    return parse_str(call.raw_body).get(name)
