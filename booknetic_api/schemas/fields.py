"""Field types for Booknetic's two ways of reading input.

**Lenient** fields mirror Booknetic's ``RestRequest`` typed reads (booknetic-rest.md §1.3), used by the
routes Booknetic 5.1 ships: an integer is any ``is_numeric`` value cast to int, a string must already be
a string, an array an array, a whitelisted value one of the list — anything else silently becomes the
default. They never fail.

**Strict** fields serve the REST-style create/update routes, whose failures are 422 ``data.errors``
with Booknetic 5.2's DTO messages (``<field> is required``, ``<field> must be a number`` ...). Every
string is bounded by ``MAX_FIELD_LENGTH`` and may hold no NUL or lone surrogate (no database stores
those), so over-long or unstorable text is refused, never cut or left to the database.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, NoReturn

from flask import current_app
from marshmallow import ValidationError, fields, missing

from wpcompat.booking import clock
from wpcompat.booking.payments import MAX_AMOUNT
from wpcompat.database.bounds import is_storable_text
from wpcompat.formatting import is_email
from wpcompat.php.casts import is_numeric, php_intval
from wpcompat.php.limits import PHP_INT_MAX, PHP_INT_MIN, parse_long

#: Placeholder replaced by the dotted field name when errors are flattened.
NAME = "<field>"
_INTEGER = re.compile(r"\s*[+-]?[0-9]+\s*")
_HH_MM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
MONEY_MAX = MAX_AMOUNT


class _Lenient(fields.Field):
    """Base of the lenient fields: a missing or null value, or one of the wrong type, is the default."""

    def __init__(self, default: Any = None, **kwargs: Any) -> None:
        super().__init__(load_default=default, allow_none=True, **kwargs)
        self.default = default

    def deserialize(self, value: Any, attr: str | None = None, data: Any = None, **kwargs: Any) -> Any:
        if value is missing or value is None:
            return self.default
        converted = self.convert(value)
        return self.default if converted is missing else converted

    def convert(self, value: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError


class LenientInt(_Lenient):
    """``is_numeric`` -> ``(int)``; else the default. The cast always gives a 64-bit int (PHP's rules:
    a numeric string beyond 64 bits saturates, one beyond a float's range is 0)."""

    def convert(self, value: Any) -> Any:
        return php_intval(value) if is_numeric(value) else missing


class LenientStr(_Lenient):
    """A string as given (without NUL or lone surrogates, which become the default); else the default."""

    def convert(self, value: Any) -> Any:
        if not isinstance(value, str) or not is_storable_text(value):
            return missing
        return value


class LenientChoice(LenientStr):
    """Booknetic's whitelist read: a value outside ``choices`` is the default, silently."""

    def __init__(self, choices: tuple[str, ...], default: Any = None, **kwargs: Any) -> None:
        super().__init__(default, **kwargs)
        self.choices = choices

    def convert(self, value: Any) -> Any:
        text = super().convert(value)
        return text if text in self.choices else missing


class LenientEmail(LenientStr):
    """``FILTER_VALIDATE_EMAIL``: an invalid address reads as the default (so "required" catches it)."""

    def convert(self, value: Any) -> Any:
        text = super().convert(value)
        return text.strip() if text is not missing and is_email(text.strip()) else missing


def max_field_length() -> int:
    return int(current_app.config["MAX_FIELD_LENGTH"])


def check_text(value: str, limit: int | None = None) -> str:
    """Refuse unstorable or over-long text (``limit`` default: ``MAX_FIELD_LENGTH``)."""
    if not is_storable_text(value):
        raise ValidationError(f"{NAME} format is invalid")
    limit = max_field_length() if limit is None else limit
    if len(value) > limit:
        raise ValidationError(f"{NAME} must be at most {limit} characters")
    return value


def _messages(**extra: str) -> dict[str, str]:
    return {"required": f"{NAME} is required", "null": f"{NAME} is required", **extra}


class Text(fields.Field):
    """A strict string (``<field> must be a string``), bounded; ``blank=False`` refuses whitespace only."""

    def __init__(self, *, max_length: int | None = None, blank: bool = True, **kwargs: Any) -> None:
        super().__init__(error_messages=_messages(), **kwargs)
        self.max_length, self.blank = max_length, blank

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"{NAME} must be a string")
        if not self.blank and not value.strip():
            raise ValidationError(f"{NAME} is required")
        return check_text(value, self.max_length)


class Email(Text):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not is_email(text):
            raise ValidationError(f"{NAME} must be a valid email address")
        return text


class Choice(Text):
    def __init__(self, choices: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = choices

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = value if isinstance(value, str) else None
        if text not in self.choices:
            raise ValidationError(f"{NAME} must be one of: {', '.join(self.choices)}")
        return text


class Integer(fields.Field):
    """A strict integer: a JSON integer or a string of digits (form bodies), within ``[minimum, maximum]``
    (default: PHP's, so integers beyond a 64-bit column are refused rather than handed to the database)."""

    def __init__(self, *, minimum: int = PHP_INT_MIN, maximum: int = PHP_INT_MAX, **kwargs: Any) -> None:
        super().__init__(error_messages=_messages(), **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not (isinstance(value, int) or (
                isinstance(value, str) and _INTEGER.fullmatch(value))):
            raise ValidationError(f"{NAME} must be a number")
        number = value if isinstance(value, int) else _bounded(value)
        if number < self.minimum:
            raise ValidationError(f"{NAME} must be at least {self.minimum}")
        if number > self.maximum:
            raise ValidationError(f"{NAME} must be at most {self.maximum}")
        return number


def _bounded(digits: str) -> int:
    """A string of digits as an int, or one just outside PHP's range when it overflows (never ``int()``
    on an over-long string, which Python refuses beyond 4,300 digits)."""
    text = digits.strip()
    number = parse_long(text)
    if number is not None:
        return number
    return PHP_INT_MIN - 1 if text.startswith("-") else PHP_INT_MAX + 1


class LocalDate(Text):
    """``Y-m-d``: ``<field> format is invalid`` otherwise; ``""`` loads as None (no date)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date | None:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return parse_day(text)
        except ValueError:
            _invalid()


class LocalTime(Text):
    """``HH:MM`` (24-hour): ``<field> format is invalid`` otherwise."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not _HH_MM.fullmatch(text):
            _invalid()
        return text


def _invalid() -> NoReturn:
    raise ValidationError(f"{NAME} format is invalid")


def parse_day(text: str | None) -> date | None:
    """A ``Y-m-d`` query value: None when absent or empty, ValueError when it is not a date."""
    if text is None or not text.strip():
        return None
    return clock.parse_day(text.strip())
