"""What there is to fuzz, read from a built app, so that a new route, operation or action is fuzzed unasked.

* REST: every route of the route table (``wpcompat.rest.route_table``) and every method of each handler,
  with arg names from the handler's registered ``args`` plus the fields of the marshmallow schemas its
  callback's module loads (Booknetic's views read their params through schemas, not ``args``);
* TeamBooking: every operation of ``teambooking_ajax.api.OPERATIONS`` and the parameter names of
  ``teambooking_ajax.params``;
* admin-ajax: every registered action (its ``wp_ajax_*`` / ``wp_ajax_nopriv_*`` hooks).
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from flask import Flask
from marshmallow import Schema, fields

from wpcompat.rest import route_table

_GROUP = re.compile(r"\(\?P<(\w+)>")


@dataclass(frozen=True)
class Arg:
    name: str
    kind: str  # int, date, time, datetime, text, list, object, any
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RestTarget:
    pattern: str  # the route regex, e.g. /booknetic/v1/appointments/(?P<id>\d+)
    method: str
    args: tuple[Arg, ...]

    @property
    def label(self) -> str:
        return f"{self.method} {self.pattern}"


@dataclass(frozen=True)
class TeamBookingTarget:
    method: str
    operation: str
    required: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.method} teambooking:{self.operation}"


_DATE_NAME = re.compile(r"date|start|end|^from$|^to$|_at$|At$", re.IGNORECASE)


def _kind(field: fields.Field, name: str) -> str:
    """The value family a field reads: its class says int/date/time/list/object; a text field named like a
    date (``start``, ``endsAt``) gets dates (Booknetic reads several dates as plain strings)."""
    kind = _field_kind(field)
    return "date" if kind == "text" and _DATE_NAME.search(name) else kind


def _field_kind(field: fields.Field) -> str:
    name = type(field).__name__
    if isinstance(field, fields.List):
        return "list"
    if isinstance(field, fields.Nested):
        return "object"
    for marker, kind in (("Int", "int"), ("Date", "date"), ("Time", "time"), ("Number", "int")):
        if marker in name:
            return kind
    return "text"


def _vocabulary(name: str) -> tuple[str, ...]:
    """The domain's own words for a plain-string field: ``period`` -> ``wpcompat.booking.*.PERIODS``, if any
    (Booknetic reads many of its choices as lenient strings, so the schema does not list them)."""
    import wpcompat.booking as booking

    wanted = re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper() + "S"
    for module_name, module in list(sys.modules.items()):
        if module_name.startswith(booking.__name__ + ".") and isinstance(getattr(module, wanted, None), tuple):
            return tuple(str(word) for word in getattr(module, wanted))
    return ()


def _schema_args(schema: type[Schema]) -> list[Arg]:
    args = []
    for name, field in schema._declared_fields.items():
        if field.dump_only:
            continue
        wire = field.data_key or name
        choices = tuple(getattr(field, "choices", ()) or ()) or _vocabulary(wire)
        args.append(Arg(wire, _kind(field, wire), choices))
    return args


def _module_args(module_name: str) -> list[Arg]:
    """Fields of the input schemas a view module imports (what its views may load): by the adapters'
    naming, an input schema is a ``...Query`` or a ``...Body`` (outputs are ``...Out``, ``...Row``)."""
    module = sys.modules.get(module_name)
    found: list[Arg] = []
    for name, value in vars(module).items() if module else ():
        if isinstance(value, type) and issubclass(value, Schema) and name.endswith(("Query", "Body")):
            found.extend(_schema_args(value))
    return found


def _rest_arg(name: str, schema: dict) -> Arg:
    kinds = {"integer": "int", "number": "int", "array": "list", "object": "object"}
    kind = schema.get("type")
    kind = kinds.get(kind, "date" if schema.get("format") == "date-time" else "text") if isinstance(kind, str) else "any"
    return Arg(name, kind, tuple(str(v) for v in schema.get("enum") or ()))


def rest_targets(app: Flask) -> list[RestTarget]:
    """One target per (route, method) of the app's REST server, in registration order."""
    targets: dict[tuple[str, str], RestTarget] = {}
    for route in route_table(app).routes.values():
        for handler in route.handlers:
            args = [_rest_arg(name, spec) for name, spec in handler.args.items()]
            args += _module_args(getattr(handler.callback, "__module__", ""))
            unique = tuple({arg.name: arg for arg in args}.values())
            for method in handler.methods:
                targets.setdefault((route.pattern, method), RestTarget(route.pattern, method, unique))
    return list(targets.values())


def path_groups(pattern: str) -> list[tuple[int, int, str, str]]:
    """The named groups of a route regex: (start, end, name, inner regex), balanced parentheses."""
    groups = []
    for found in _GROUP.finditer(pattern):
        depth, index = 1, found.end()
        while depth and index < len(pattern):
            depth += {"(": 1, ")": -1}.get(pattern[index], 0) if pattern[index - 1] != "\\" else 0
            index += 1
        groups.append((found.start(), index, found.group(1), pattern[found.end():index - 1]))
    return groups


def teambooking_targets() -> list[TeamBookingTarget]:
    from teambooking_ajax.api import OPERATIONS

    return [TeamBookingTarget(method, name, operation.required)
            for method, table in OPERATIONS.items() for name, operation in table.items()]


def teambooking_params() -> tuple[str, ...]:
    from teambooking_ajax import params

    return params._STRING_KEYS + params._NUMBER_KEYS + params._RAW_KEYS + ("show_past",)


def ajax_actions(app: Flask) -> tuple[str, ...]:
    """Every action with an admin-ajax hook (either audience)."""
    hooks = app.extensions.get("wpcompat.ajax", {})
    return tuple(dict.fromkeys(re.sub(r"^wp_ajax_(nopriv_)?", "", hook) for hook in hooks))
