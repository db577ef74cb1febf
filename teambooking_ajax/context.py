"""What an operation gets: the admin-ajax call and its filtered parameters (the token is checked, its tenant
is ``current_tenant``); id look-ups."""
from __future__ import annotations

from dataclasses import dataclass

from wpcompat.ajax import AjaxRequest
from wpcompat.booking import lookup
from wpcompat.booking.errors import NotFound
from wpcompat.booking.models import Appointment
from wpcompat.php.casts import php_intval

from .envelope import Refusal, not_found
from .params import Params


@dataclass(frozen=True)
class Call:
    ajax: AjaxRequest
    params: Params


def appointment_by_id(value: int | None, missing: Refusal) -> Appointment:
    """The active tenant's appointment ``value``; ``missing`` is raised for None, ids < 1 and unknown ids
    (another tenant's id included: it does not exist here)."""
    if value is None or value < 1:
        raise missing
    try:
        return lookup.get_appointment(value)
    except NotFound:
        raise missing from None


def appointment_from_param(value: str | bool | None, reason: str | None = "Record not found") -> Appointment:
    """The appointment a filtered ``id`` parameter names, as the plugin's ``WHERE id = %d`` finds it:
    PHP's ``(int)`` of the digits kept (``"12abc"`` is 12, ``"abc"`` is 0: not found)."""
    number = php_intval(value) if isinstance(value, str) else None
    return appointment_by_id(number, not_found(reason))


def appointment_from_resource(value: object) -> Appointment:
    """The appointment a reservation resource's ``id`` names, as the plugin's ``getById`` reads it: its
    ``WHERE id = %d`` is PHP's ``(int)`` of the JSON value (``"1.5"`` and ``1.5`` are 1, ``"12abc"`` 12,
    ``true`` 1, ``"abc"`` 0: not found). Absent, an array or object, or unknown: 404, no reason."""
    number = php_intval(value) if isinstance(value, (str, int, float)) else None
    return appointment_by_id(number, not_found())
