"""``/wp/v2/users/<id|me>/application-passwords``: WordPress's application-passwords controller.

Mirrors ``WP_REST_Application_Passwords_Controller`` (6.8): routes, args, permission checks (every
one maps to ``edit_user`` on the target user), item shape and contexts, error codes and messages.
A user of another tenant answers as a missing id (404 ``rest_user_invalid_id``).
"""
from __future__ import annotations

from typing import Any

from ..access import auth
from ..formatting import sanitize_text_field
from ..platform import accounts
from ..platform.models import ApplicationPassword, User
from ..rest import (
    CREATABLE, DELETABLE, EDITABLE, READABLE, RestError, RestNamespace, RestRequest, RestResponse,
    sanitize_request_arg, validate_request_arg,
)
from ..rest.index import rest_url
from ..rest.response import field_included, response_to_data
from .users import context_param, user_from_param

api = RestNamespace("wp/v2")

BASE = r"/users/(?P<user_id>(?:[\d]+|me))/application-passwords"
CONTEXTS = ["view", "edit", "embed"]  # the schema's contexts, in first-seen order (get_context_param)
_ALL_CONTEXTS = CONTEXTS
_VIEW_EDIT = ["view", "edit"]
ITEM_SCHEMA_PROPERTIES: dict[str, dict[str, Any]] = {
    "uuid": {"description": "The unique identifier for the application password.", "type": "string",
             "format": "uuid", "context": _ALL_CONTEXTS, "readonly": True},
    "app_id": {"description": "A UUID provided by the application to uniquely identify it. It is recommended "
                              "to use an UUID v5 with the URL or DNS namespace.",
               "type": "string", "format": "uuid", "context": _ALL_CONTEXTS},
    "name": {"description": "The name of the application password.", "type": "string", "required": True,
             "context": _ALL_CONTEXTS, "minLength": 1, "pattern": r".*\S.*"},
    "password": {"description": "The generated password. Only available after adding an application.",
                 "type": "string", "context": ["edit"], "readonly": True},
    "created": {"description": "The GMT date the application password was created.", "type": "string",
                "format": "date-time", "context": _VIEW_EDIT, "readonly": True},
    "last_used": {"description": "The GMT date the application password was last used.",
                  "type": ["string", "null"], "format": "date-time", "context": _VIEW_EDIT, "readonly": True},
    "last_ip": {"description": "The IP address the application password was last used by.",
                "type": ["string", "null"], "format": "ip", "context": _VIEW_EDIT, "readonly": True},
}


def item_schema() -> dict[str, Any]:
    """The public item schema (shown by OPTIONS)."""
    return {"$schema": "http://json-schema.org/draft-04/schema#", "title": "application-password",
            "type": "object", "properties": ITEM_SCHEMA_PROPERTIES}


def _endpoint_args(creating: bool) -> dict[str, dict[str, Any]]:
    # get_endpoint_args_for_item_schema(): writable properties; `required` only when creating.
    args = {}
    for name, prop in ITEM_SCHEMA_PROPERTIES.items():
        if prop.get("readonly"):
            continue
        arg: dict[str, Any] = {"validate_callback": validate_request_arg, "sanitize_callback": sanitize_request_arg}
        if creating and prop.get("required"):
            arg["required"] = True
        arg.update({key: prop[key] for key in ("description", "type", "format", "minLength", "pattern") if key in prop})
        args[name] = arg
    return args


def _permission(capability: str, code: str, message: str):
    def check(request: RestRequest) -> bool:
        target = user_from_param(request, request.get_param("user_id"))
        if auth.user_can(request.user, capability, target):
            return True
        raise RestError(code, message, 403 if request.user is not None else 401)
    return check


def _introspect_permission(request: RestRequest) -> bool:
    target = user_from_param(request, request.get_param("user_id"))
    if request.user is None or request.user.id != target.id:
        raise RestError("rest_cannot_introspect_app_password_for_non_authenticated_user",
                        "The authenticated application password can only be introspected for the current user.",
                        403 if request.user is not None else 401)
    return True


def _find(request: RestRequest, user: User) -> ApplicationPassword:
    record = accounts.find_application_password(user, str(request.get_param("uuid") or ""))
    if record is None:
        raise RestError("rest_application_password_not_found", "Application password not found.", 404)
    return record


def prepare_item(record: ApplicationPassword, user: User, request: RestRequest,
                 new_password: str | None = None) -> RestResponse:
    """One item in the request's context (``password`` only right after creation)."""
    values = {
        "uuid": record.uuid, "app_id": record.app_id or "", "name": record.name,
        "created": accounts.format_timestamp(record.created),
        "last_used": accounts.format_timestamp(record.last_used) if record.last_used else None,
        "last_ip": record.last_ip or None,
    }
    if new_password is not None:
        values["password"] = new_password
    context = request.get_param("context") or "view"
    data = {key: value for key, value in values.items() if context in ITEM_SCHEMA_PROPERTIES[key]["context"]}
    response = RestResponse(data)
    wanted = request.requested_fields()
    if field_included("_links", wanted) or field_included("_embedded", wanted):
        response.add_link("self", _item_url(user, record))
    return response


def _item_url(user: User, record: ApplicationPassword) -> str:
    return rest_url(f"wp/v2/users/{user.id}/application-passwords/{record.uuid}")


def _target(request: RestRequest) -> User:
    return user_from_param(request, request.get_param("user_id"))


@api.route(BASE, methods=READABLE, args={"context": context_param(CONTEXTS)}, permission=_permission(
    "list_app_passwords", "rest_cannot_list_application_passwords",
    "Sorry, you are not allowed to list application passwords for this user."))
def get_items(request: RestRequest) -> list:
    user = _target(request)
    return [response_to_data(prepare_item(record, user, request)) for record in user.application_passwords]


@api.route(BASE, methods=CREATABLE, args=_endpoint_args(creating=True), permission=_permission(
    "create_app_password", "rest_cannot_create_application_passwords",
    "Sorry, you are not allowed to create application passwords for this user."))
def create_item(request: RestRequest) -> RestResponse:
    user = _target(request)
    name = sanitize_text_field(request.get_param("name"))
    if not name or name == "0":
        raise RestError("application_password_empty_name",
                        "An application name is required to create an application password.", 400)
    app_id = request.get_param("app_id")
    app_id = app_id if app_id and app_id != "0" and not request.get_param("uuid") else ""
    record, password = accounts.create_application_password(user, name, str(app_id))
    request.set_param("context", "edit")
    response = prepare_item(record, user, request, new_password=password)
    response.status = 201
    response.header("Location", _item_url(user, record))
    return response


@api.route(BASE, methods=DELETABLE, permission=_permission(
    "delete_app_passwords", "rest_cannot_delete_application_passwords",
    "Sorry, you are not allowed to delete application passwords for this user."))
def delete_items(request: RestRequest) -> dict:
    return {"deleted": True, "count": accounts.delete_all_application_passwords(_target(request))}


@api.route(BASE + "/introspect", methods=READABLE, args={"context": context_param(CONTEXTS)},
           permission=_introspect_permission)
def get_current_item(request: RestRequest) -> RestResponse:
    user = _target(request)
    current = request.app_password
    if current is None:
        raise RestError("rest_no_authenticated_app_password", "Cannot introspect application password.", 404)
    record = accounts.find_application_password(user, current.uuid)
    if record is None:
        raise RestError("rest_application_password_not_found", "Application password not found.", 500)
    return prepare_item(record, user, request)


ITEM = BASE + r"/(?P<uuid>[\w\-]+)"


@api.route(ITEM, methods=READABLE, args={"context": context_param(CONTEXTS)}, permission=_permission(
    "read_app_password", "rest_cannot_read_application_password",
    "Sorry, you are not allowed to read this application password."))
def get_item(request: RestRequest) -> RestResponse:
    user = _target(request)
    return prepare_item(_find(request, user), user, request)


@api.route(ITEM, methods=EDITABLE, args=_endpoint_args(creating=False), permission=_permission(
    "edit_app_password", "rest_cannot_edit_application_password",
    "Sorry, you are not allowed to edit this application password."))
def update_item(request: RestRequest) -> RestResponse:
    user = _target(request)
    record = _find(request, user)
    name = request.get_param("name")
    if name and name != "0":  # WordPress ignores an empty name on update
        accounts.rename_application_password(record, sanitize_text_field(name))
    request.set_param("context", "edit")
    return prepare_item(record, user, request)


@api.route(ITEM, methods=DELETABLE, permission=_permission(
    "delete_app_password", "rest_cannot_delete_application_password",
    "Sorry, you are not allowed to delete this application password."))
def delete_item(request: RestRequest) -> dict:
    user = _target(request)
    record = _find(request, user)
    request.set_param("context", "edit")
    previous = prepare_item(record, user, request).data
    accounts.revoke_application_password(user, record.uuid)
    return {"deleted": True, "previous": previous}


for _route in (BASE, BASE + "/introspect", ITEM):
    api.schema(_route, item_schema)
