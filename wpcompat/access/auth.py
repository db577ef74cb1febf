"""Who is calling: WordPress application-password Basic auth (6.8 behaviour) and WordPress-level capabilities.

The REST server calls :func:`authenticate_request` for every REST request before routing (WordPress's
``rest_authentication_errors`` check), so bad credentials give 401 on every REST URL, even unknown ones.

Where credentials are valid is :func:`wpcompat.access.request_tenant.credential_valid_here`'s rule (a tenant
user's at their own tenant's URLs and at the main site; the platform owner's at the main site only);
elsewhere they fail exactly as an unknown user's do. After authentication the request works on the
user's tenant (:func:`~wpcompat.access.request_tenant.act_for_credential`), or, anonymous, on the URL's; the
platform owner works with no tenant (and so can never read tenant rows).
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from flask import Flask, g, request
from flask.sessions import SessionInterface

from . import request_tenant
from ..database.bounds import is_storable_text
from ..extensions import db
from ..formatting import is_email
from ..platform import accounts, identity
from ..platform.identity import Account, PasswordInfo
from ..platform.models import Role, User

# wp_authenticate_application_password()'s messages (WordPress 6.8).
INVALID_USERNAME = "<strong>Error:</strong> Unknown username. Check again or try your email address."
INVALID_EMAIL = "<strong>Error:</strong> Unknown email address. Check again or try your username."
INCORRECT_PASSWORD = "The provided password is an invalid application password."

# Meta capabilities WordPress maps to edit_user on the target user (map_meta_cap).
_EDIT_USER_CAPS = frozenset({"edit_user", "list_app_passwords", "create_app_password", "read_app_password",
                             "edit_app_password", "delete_app_passwords", "delete_app_password"})


class AuthError(Exception):
    """Basic credentials were given and are wrong; REST answers 401 with this code and message."""

    status = 401

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class BasicCredentials:
    login: str
    password: str


def basic_credentials(environ: dict) -> BasicCredentials | None:
    """``PHP_AUTH_USER``/``PHP_AUTH_PW`` from ``Authorization: Basic``; None when not both present.

    ``REDIRECT_HTTP_AUTHORIZATION`` stands in for a missing or empty ``HTTP_AUTHORIZATION`` (as
    ``WP_REST_Server::get_headers`` does for Apache rewrites). A value without ``:`` is no credentials.
    """
    header = environ.get("HTTP_AUTHORIZATION") or environ.get("REDIRECT_HTTP_AUTHORIZATION") or ""
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    token = token.strip()
    try:
        decoded = base64.b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if b":" not in decoded:
        return None
    login, _, password = decoded.decode("utf-8", "replace").partition(":")
    return BasicCredentials(login, password)


def authenticate(credentials: BasicCredentials, user: Account | None) -> tuple[Account, PasswordInfo]:
    """The user and the application password ``credentials`` match at this site, or :class:`AuthError`.

    ``user`` is :func:`identity.account` of the credentials' login.
    """
    if user is not None and not request_tenant.credential_valid_here(user.tenant_id):
        user = None  # answered exactly as an unknown user
    if user is None:
        if is_email(credentials.login):
            raise AuthError("invalid_email", INVALID_EMAIL)
        raise AuthError("invalid_username", INVALID_USERNAME)
    record = accounts.verify_application_password(user, credentials.password)
    if record is None:
        raise AuthError("incorrect_password", INCORRECT_PASSWORD)
    return user, record


def authenticate_request() -> None:
    """Authenticate the current request's Basic credentials (if any) and settle its tenant.

    Sets ``g.user`` and ``g.app_password`` (None when anonymous); records the use of the password
    (at most daily), committing only when it wrote. Raises :class:`AuthError` for wrong credentials.
    """
    g.user = g.app_password = None
    operator = request.environ.get(OPERATOR_ENVIRON)
    if operator is not None:
        _act_as_operator(operator)
        return
    credentials = basic_credentials(request.environ)
    if credentials is None:
        request_tenant.get_current_tenant()
        return
    # A login with NUL is no one's (and PostgreSQL could not even be asked): an unknown login.
    user = None if not is_storable_text(credentials.login) else identity.account(credentials.login)
    # Before the user is judged, so an unknown site is answered as one; a user at their own site
    # hands over their tenant (no second lookup of it).
    request_tenant.url_tenant(known=user.tenant if user is not None else None)
    user, record = authenticate(credentials, user)
    # The daily "last used" write is the only one; most requests have nothing to commit.
    if accounts.record_use(record, request.remote_addr):
        db.session.commit()
    g.user, g.app_password = user, record
    request_tenant.act_for_credential(user.tenant_id, known=user.tenant)


#: The WSGI environ key through which ``wpcompat api`` (the operator's in-process client, wpcompat.cli.api)
#: names the login it acts as. Safe because no HTTP client can set it: WSGI servers put a request's headers
#: only under ``HTTP_*`` keys, and nothing else of the request reaches the environ under a name of its choosing.
OPERATOR_ENVIRON = "wpcompat.operator"


def _act_as_operator(login: str) -> None:
    user = identity.account(login)
    if user is None or not request_tenant.credential_valid_here(user.tenant_id):
        raise AuthError("invalid_username", INVALID_USERNAME)
    g.user, g.operator = user, True
    request_tenant.act_for_credential(user.tenant_id, known=user.tenant)


def is_operator() -> bool:
    """Whether this request comes from the operator's command line (``wpcompat api``), not over HTTP."""
    return bool(g.get("operator"))


def current_user() -> Account | None:
    """The authenticated user of this request, or None."""
    return g.get("user")


def current_app_password() -> PasswordInfo | None:
    """The application password this request authenticated with, or None."""
    return g.get("app_password")


def user_can(user: Account | User | None, capability: str, target: User | None = None) -> bool:
    """WordPress's ``user_can()`` (roles and ``map_meta_cap``), not Booknetic's capabilities
    (:func:`wpcompat.platform.capabilities.booknetic_user_can`).

    ``read``: every role but customer. ``edit_user`` (and the application-password meta capabilities
    that map to it) on ``target``: the user themself, the platform owner for anyone, a tenant owner for
    the users of their own tenant. Anything else: refused.
    """
    if user is None:
        return False
    if capability == "read":
        return user.role != Role.CUSTOMER.value
    if capability in _EDIT_USER_CAPS and target is not None:
        if user.id == target.id or user.is_platform_owner:
            return True
        return user.role == Role.TENANT_OWNER.value and user.tenant_id is not None \
            and target.tenant_id == user.tenant_id
    return False


def _reset_identity() -> None:
    g.user = g.app_password = None
    g.operator = False


class _NoCookieSessions(SessionInterface):
    """No cookie sessions: callers sign in with application passwords on every request, and nothing
    here issues a cookie. (Flask's signed-cookie session would be opened, for nothing, per request.)"""

    def open_session(self, app, request):
        return self.make_null_session(app)

    def save_session(self, app, session, response) -> None:
        return None


def init_app(app: Flask) -> None:
    """Every request starts anonymous; the REST server authenticates its own requests."""
    app.session_interface = _NoCookieSessions()
    app.before_request(_reset_identity)
