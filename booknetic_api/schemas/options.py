"""Booknetic 5.1's select-option shape ``{"id": <int>, "text": "<html-escaped name>"}``."""
from __future__ import annotations

from marshmallow import Schema, fields

_HTML_SPECIAL = str.maketrans({"&": "&amp;", '"': "&quot;", "'": "&#039;", "<": "&lt;", ">": "&gt;"})


def htmlspecialchars(text: str) -> str:
    """PHP 8.1+ ``htmlspecialchars($text)`` (ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML401)."""
    return text.translate(_HTML_SPECIAL)


class SelectOption(Schema):
    id = fields.Integer()
    text = fields.Function(lambda row: htmlspecialchars(row.name))
