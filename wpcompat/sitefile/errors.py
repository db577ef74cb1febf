"""The one error a site file load raises: what is wrong, and where in the file (a JSON path)."""
from __future__ import annotations

from collections.abc import Iterable

from marshmallow import ValidationError

from .references import Path, dotted

ROOT = "$"  # the path of the document itself


class SiteFileError(ValueError):
    """A site file was refused; nothing was written.

    ``path`` and ``message`` name the first problem (``tenants[1].services[0].duration``,
    ``must be at least 1``); ``problems`` lists every problem found, first one included.
    """

    def __init__(self, path: str, message: str, more: Iterable[tuple[str, str]] = ()) -> None:
        self.path = path
        self.message = message
        self.problems = [(path, message), *more]
        super().__init__("\n".join(f"{p}: {m}" for p, m in self.problems))

    @classmethod
    def from_validation(cls, error: ValidationError) -> SiteFileError:
        problems = list(_flatten(error.messages, ()))
        return cls(*problems[0], more=problems[1:])

    @classmethod
    def at(cls, path: Path, message: str) -> SiteFileError:
        return cls(dotted(path) or ROOT, message)


def _flatten(messages, path: Path) -> Iterable[tuple[str, str]]:
    if isinstance(messages, dict):
        for key, value in messages.items():
            # marshmallow files an object's own errors under "_schema"; they belong to the object.
            yield from _flatten(value, path if key == "_schema" else (*path, key))
    elif isinstance(messages, list):
        for message in messages:
            yield from _flatten(message, path)
    else:
        yield dotted(path) or ROOT, str(messages)
