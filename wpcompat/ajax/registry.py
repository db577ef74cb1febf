"""The admin-ajax action registry: WordPress's ``wp_ajax_{action}`` and ``wp_ajax_nopriv_{action}`` hooks.

The two audiences are separate hooks, as in WordPress: an action registered for logged-in users only is
unknown to anonymous callers, and a plugin that serves both registers both.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from flask import Flask

if TYPE_CHECKING:
    from werkzeug.exceptions import HTTPException
    from werkzeug.wrappers import Response

    from .request import AjaxRequest

#: A handler returns None (nothing echoed), a str (echoed text) or a Response (it "exited").
AjaxHandler = Callable[["AjaxRequest"], "Response | str | None"]

#: How an action answers an HTTP error raised before or around its handlers (a request limit, an unreadable body).
AjaxErrorAnswer = Callable[["HTTPException"], "Response"]

_EXTENSION_KEY = "wpcompat.ajax"
_ERROR_ANSWERS_KEY = "wpcompat.ajax.error_answers"


def _hooks(app: Flask) -> dict[str, list[AjaxHandler]]:
    return app.extensions.setdefault(_EXTENSION_KEY, {})


def hook_name(action: str, *, logged_in: bool) -> str:
    """The WordPress hook admin-ajax.php fires for ``action`` and this audience."""
    return f"wp_ajax_{action}" if logged_in else f"wp_ajax_nopriv_{action}"


def register_ajax_action(app: Flask, action: str, handler: AjaxHandler, *,
                         logged_in: bool = True, anonymous: bool = False) -> None:
    """Hook ``handler`` on ``wp_ajax_{action}`` (``logged_in``) and/or ``wp_ajax_nopriv_{action}`` (``anonymous``).

    Several handlers on one hook run in registration order (``do_action``); registering the same
    handler twice on a hook is a no-op, as ``add_action`` with the same callback and priority is.
    """
    if not action:
        raise ValueError("an admin-ajax action needs a non-empty name")
    if not (logged_in or anonymous):
        raise ValueError(f"action {action!r} registered for no audience")
    hooks = _hooks(app)
    for audience_logged_in, wanted in ((True, logged_in), (False, anonymous)):
        if wanted:
            handlers = hooks.setdefault(hook_name(action, logged_in=audience_logged_in), [])
            if handler not in handlers:
                handlers.append(handler)


def ajax_handlers(app: Flask, action: str, *, logged_in: bool) -> list[AjaxHandler]:
    """The handlers ``do_action`` would run for ``action`` (empty: WordPress answers 400 ``0``)."""
    return list(_hooks(app).get(hook_name(action, logged_in=logged_in), ()))


def register_ajax_error_answer(app: Flask, action: str, answer: AjaxErrorAnswer) -> None:
    """Let ``action`` answer HTTP errors in its own format (admin-ajax's own is the status and ``0``)."""
    app.extensions.setdefault(_ERROR_ANSWERS_KEY, {})[action] = answer


def ajax_error_answer(app: Flask, action: object) -> AjaxErrorAnswer | None:
    """The error answer registered for ``action``, if any."""
    return app.extensions.get(_ERROR_ANSWERS_KEY, {}).get(action) if isinstance(action, str) else None
