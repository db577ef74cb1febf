"""gunicorn's logger with secrets redacted (``wpcompat.server.redaction``), for ``wpcompat serve``.

Access log: the atoms that carry a URL (request line ``r``, query ``q``, referer ``f`` and the same
values as ``{…}i`` header and ``{…}e`` environ atoms, the ``Location`` response header) are redacted;
credential headers (``Authorization``, ``Cookie``, ...) are replaced by the mark whatever the log format
asks for. Error log (gunicorn's own lines, e.g. "Error handling request /path?query"): every record
goes through :class:`~wpcompat.server.redaction.RedactingFilter`.
"""
from __future__ import annotations

from gunicorn.glogging import Logger

from .redaction import MARK, SECRET_HEADERS, RedactingFilter, redact

_URL_ATOMS = frozenset({"r", "q", "f", "U", "{referer}i", "{location}o", "{query_string}e", "{raw_uri}e",
                        "{request_uri}e", "{http_referer}e", "{path_info}e"})
_SECRET_ENVIRON = frozenset("{http_%s}e" % name.replace("-", "_") for name in SECRET_HEADERS)
_SECRET_ATOMS = (frozenset("{%s}i" % name for name in SECRET_HEADERS)
                 | frozenset("{%s}o" % name for name in SECRET_HEADERS) | _SECRET_ENVIRON)


class RedactingLogger(Logger):
    """``logger_class`` of ``wpcompat serve``."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        if not any(isinstance(f, RedactingFilter) for f in self.error_log.filters):
            self.error_log.addFilter(RedactingFilter())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if key in _SECRET_ATOMS:
                atoms[key] = MARK
            elif key in _URL_ATOMS and isinstance(value, str):
                atoms[key] = redact(value)
        return atoms
