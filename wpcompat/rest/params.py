"""Checking a request's params against its handler's args, before the permission check and the callback.

Mirrors ``WP_REST_Request::has_valid_params`` (JSON body, required args, explicit ``validate_callback``s,
the route-level validate callback) and ``sanitize_params`` (every source holding an arg is sanitized;
an arg with a ``type`` and no ``sanitize_callback`` goes through :func:`parse_request_arg`).
Callbacks take ``(value, request, param)``: a validate callback returns True, False (-> "Invalid
parameter.") or a :class:`RestError`; a sanitize callback returns the new value or a :class:`RestError`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .args import sanitize_value, validate_value
from .errors import RestError

if TYPE_CHECKING:
    from .request import RestRequest


def _arg_schema(request: RestRequest, param: str) -> dict | None:
    args = request.attributes.args if request.attributes else {}
    schema = args.get(param)
    return schema if isinstance(schema, dict) else None


def validate_request_arg(value: Any, request: RestRequest, param: str) -> bool | RestError:
    """``rest_validate_request_arg``: check ``value`` against the arg's schema."""
    schema = _arg_schema(request, param)
    return True if schema is None else (validate_value(value, schema, param) or True)


def sanitize_request_arg(value: Any, request: RestRequest, param: str) -> Any:
    """``rest_sanitize_request_arg``: coerce ``value`` to the arg's schema."""
    schema = _arg_schema(request, param)
    return value if schema is None else sanitize_value(value, schema, param)


def parse_request_arg(value: Any, request: RestRequest, param: str) -> Any:
    """``rest_parse_request_arg``: validate, then sanitize."""
    valid = validate_request_arg(value, request, param)
    return valid if isinstance(valid, RestError) else sanitize_request_arg(value, request, param)


def _invalid_params(messages: dict[str, str], details: dict[str, Any]) -> RestError:
    return RestError("rest_invalid_param", f"Invalid parameter(s): {', '.join(messages)}", 400,
                     params=messages, details=details)


def has_valid_params(request: RestRequest) -> RestError | None:
    """JSON body, required args, explicit per-arg validators, then the route-level validator."""
    json_error = request.parse_json()
    if json_error is not None:
        return json_error
    handler = request.attributes
    args = handler.args if handler else {}
    missing = [name for name, arg in args.items()
               if isinstance(arg, dict) and arg.get("required") is True and request.get_param(name) is None]
    if missing:
        return RestError("rest_missing_callback_param", f"Missing parameter(s): {', '.join(missing)}", 400,
                         params=missing)
    messages: dict[str, str] = {}
    details: dict[str, Any] = {}
    for name, arg in args.items():
        value = request.get_param(name)
        validator = arg.get("validate_callback") if isinstance(arg, dict) else None
        if value is None or not validator:
            continue
        result = validator(value, request, name)
        if result is False:
            messages[name] = "Invalid parameter."
        elif isinstance(result, RestError):
            messages[name] = result.message
            details[name] = result.to_data()
    if messages:
        return _invalid_params(messages, details)
    if handler and handler.validate:
        result = handler.validate(request)
        if isinstance(result, RestError):
            return result
        if result is False:
            return RestError("rest_invalid_params", "Invalid parameters.", 400)
    return None


def sanitize_params(request: RestRequest) -> RestError | None:
    """Sanitize every source's value of every declared arg, in parameter order."""
    args = request.attributes.args if request.attributes else {}
    if not args:
        return None
    messages: dict[str, str] = {}
    details: dict[str, Any] = {}
    for source_name in request.parameter_order():
        source = request.source(source_name)
        for name in list(source):
            arg = args.get(name)
            if not isinstance(arg, dict):
                continue
            sanitizer = arg.get("sanitize_callback", parse_request_arg if arg.get("type") else None)
            if not sanitizer:
                continue
            value = sanitizer(source[name], request, name)
            if isinstance(value, RestError):
                messages[name] = value.message
                details[name] = value.to_data()
            else:
                source[name] = value
    return _invalid_params(messages, details) if messages else None
