"""Marshmallow schemas speaking Booknetic's wire shapes: request parameters in, rows and DTOs out.

Input schemas load ``request.params`` (WordPress's merged parameters: JSON body > form body > query >
URL). Lenient schemas (Booknetic 5.1's typed reads) never fail; strict ones fail with a 422 whose
``data.errors`` has one message per dotted field name.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError

from wpcompat.rest import RestRequest

from ..errors import validation_failed
from .fields import NAME


def flatten(messages: Any, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested messages as ``{"extras.0.extra_id": "extras.0.extra_id is required"}``."""
    if isinstance(messages, list):
        texts = [m for m in messages if isinstance(m, str)]
        nested = [m for m in messages if not isinstance(m, str)]
        result = {prefix or "_schema": texts[0].replace(NAME, prefix)} if texts else {}
        for item in nested:
            result.update(flatten(item, prefix))
        return result
    result: dict[str, str] = {}
    for key, value in messages.items():
        name = prefix if key == "_schema" else (f"{prefix}.{key}" if prefix else str(key))
        for field, text in flatten(value, name).items():
            result.setdefault(field, text)
    return result


@cache
def _instance(schema: type[Schema]) -> Schema:
    # A schema instance keeps no state between loads; making one deep-copies its fields, so make it once.
    return schema()


def load_params(schema: type[Schema], request: RestRequest, **extra: Any) -> dict[str, Any]:
    """Load the request's parameters (plus ``extra``) with ``schema``; a failure is the 422 ``Validation failed``."""
    try:
        return _instance(schema).load({**request.params, **extra}, unknown=EXCLUDE)
    except ValidationError as error:
        raise validation_failed(flatten(error.messages)) from None
