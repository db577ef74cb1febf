"""admin-ajax.php: WordPress's action dispatcher, PHP's request parsing and the ``wp_send_json`` family.

Public API (a plugin adapter's whole view of admin-ajax)::

    register_ajax_action(app, action, handler, *, logged_in=True, anonymous=False)
        hook ``handler(call: AjaxRequest)`` on wp_ajax_{action} and/or wp_ajax_nopriv_{action}
    AjaxRequest       .method .get .post .request .raw_body .files .tenant .user (always None)
    wp_send_json(value, status=None), wp_send_json_success(data=None, status=None),
    wp_send_json_error(data=None, status=None), wp_die(message="", status=200),
    ajax_exit(body="", status=200, content_type="text/html; charset=UTF-8", headers=())
    wp_slash(value)   the slashed view of a value, for plugins that read raw superglobals

A handler returns ``None`` (admin-ajax then prints ``0``), a ``str`` (text it echoed; ``0`` is appended,
the classic ``…0``) or a Response from the builders above (it "exited"; admin-ajax's headers stay in
front of its own). Registration is a plain function rather than a decorator so adapters register in
their ``init_app(app)``, per app. Every caller is anonymous: admin-ajax authenticates by login cookie
only, we issue none, and WordPress ignores application-password Basic auth there; so only
``anonymous=True`` actions are reachable today.
"""
from __future__ import annotations

from flask import Flask

from .dispatch import bp
from .registry import register_ajax_action, register_ajax_error_answer
from .request import AjaxRequest, wp_slash
from .responses import ajax_exit, wp_die, wp_send_json, wp_send_json_error, wp_send_json_success

__all__ = ["AjaxRequest", "ajax_exit", "init_app", "register_ajax_action", "register_ajax_error_answer", "wp_die", "wp_send_json",
           "wp_send_json_error", "wp_send_json_success", "wp_slash"]


def init_app(app: Flask) -> None:
    """Serve ``/wp-admin/admin-ajax.php`` on the main site and on every tenant site."""
    app.register_blueprint(bp)
