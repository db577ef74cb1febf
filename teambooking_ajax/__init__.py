"""TeamBooking 2.5.7's auth-token API (``admin-ajax.php?action=teambooking_rest_api``) over the shared data.

``init_app(app)`` hooks the action for logged-in and anonymous callers, at the main site's and every
tenant site's ``/wp-admin/admin-ajax.php``. Operations (GET): get_reservations, get_reservation,
get_services, get_slots; (POST): do_reservation, edit_reservation, cancel_reservation,
delete_reservation. A reservation is a Booknetic appointment of the same tenant; statuses map through
:mod:`wpcompat.booking.statuses`; slots come from :mod:`wpcompat.booking.availability`.

Modules: :mod:`.api` (dispatch, token and parameter checks, transaction), :mod:`.reads` and
:mod:`.writes` (operations), :mod:`.params` (the PHP request filters, :mod:`wpcompat.php.filters`),
:mod:`.schemas` (input resources), :mod:`.resources` (output resources), :mod:`.envelope`,
:mod:`.tokens`, :mod:`.refusals` (domain refusals as TeamBooking reasons).
"""
from __future__ import annotations

from flask import Flask

from wpcompat.ajax import register_ajax_action, register_ajax_error_answer

from .api import ACTION, handle
from .envelope import http_error


def init_app(app: Flask) -> None:
    """Register the ``teambooking_rest_api`` action (wp_ajax_ and wp_ajax_nopriv_)."""
    register_ajax_action(app, ACTION, handle, logged_in=True, anonymous=True)
    register_ajax_error_answer(app, ACTION, http_error)
