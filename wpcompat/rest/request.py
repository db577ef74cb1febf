"""``WP_REST_Request``: one REST call's method, route, headers and parameters by source.

Parameter sources and their priority (``get_param``: first hit wins; ``params`` merges lowest-first):
JSON body (JSON media types only) > form body (POST, PUT, PATCH, DELETE) > query string > URL (named
groups) > arg defaults. Query strings and form bodies use PHP's bracket syntax (``wpcompat.php.forms``).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from flask import Request

from ..php.casts import php_string
from ..php.forms import parse_form_body, parse_str, php_params
from ..php.json import PhpJsonError, json_decode
from ..access.request_tenant import get_current_tenant
from .errors import RestError
from .types import parse_list

if TYPE_CHECKING:
    from ..platform.identity import Account, PasswordInfo, TenantInfo
    from .registry import Handler

# wp_is_json_media_type()
_JSON_MEDIA_TYPE = re.compile(r"(^|\s|,)application/([\w!#$&-^.+]+\+)?json(\+oembed)?($|\s|;|,)", re.IGNORECASE)
_BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_MULTIPART = "multipart/form-data"
_URLENCODED = "application/x-www-form-urlencoded"


def decode_json_body(body: bytes) -> Any:
    """``json_decode($body, true)`` as ``WP_REST_Request::parse_json_params`` does it; a failure raises
    the ``rest_invalid_json`` error carrying ``json_last_error()`` and its message."""
    try:
        return json_decode(body)
    except PhpJsonError as error:
        raise RestError("rest_invalid_json", "Invalid JSON body passed.", 400, json_error_code=error.code,
                        json_error_message=str(error)) from None


class RestRequest:
    """A REST request as callbacks see it; ``request["name"]`` is ``get_param("name")``."""

    def __init__(self, method: str, route: str, *, query: dict | None = None, body: dict | None = None,
                 raw_body: bytes = b"", headers: dict[str, str] | None = None, files: Any = None) -> None:
        self.method = method.upper()
        self.route = route
        self.headers: dict[str, str] = dict(headers or {})
        self.raw_body = raw_body
        self.files = files
        self.attributes: Handler | None = None
        self.user: Account | None = None
        self.app_password: PasswordInfo | None = None
        self.permission_checks: dict[int, Any] = {}  # id(handler) -> its permission callback's answer
        self.matched_route: str | None = None
        self._json: Any = None
        self._json_error: RestError | None = None
        self._json_parsed = False
        self._body_parsed = False
        self._sources: dict[str, dict] = {"JSON": {}, "POST": dict(body or {}), "GET": dict(query or {}),
                                          "URL": {}, "defaults": {}}

    @classmethod
    def from_http(cls, http: Request, route: str, query: dict) -> RestRequest:
        """Build from the incoming Flask request (``$_GET`` = ``query``, ``$_POST``, headers, ``php://input``)."""
        content_type = (http.mimetype or "").lower()
        multipart = content_type == _MULTIPART
        # PHP fills $_POST (and $_FILES) for POST only; php://input is empty for multipart bodies.
        body: dict = {}
        if http.method == "POST" and content_type == _URLENCODED:
            body = parse_form_body(http.get_data(cache=True))
        elif http.method == "POST" and multipart:
            body = php_params(http.form.items(multi=True))
        raw = b"" if multipart else http.get_data(cache=True)
        headers = {name.lower().replace("-", "_"): value for name, value in http.headers.items()}
        return cls(http.method, route, query=query, body=body, raw_body=raw,
                   headers=headers, files=http.files if http.method == "POST" and multipart else None)

    # --- identity of the caller (wpcompat.access.auth's verdict, handed over by the server before dispatch)

    def identify(self, user: Account | None, app_password: PasswordInfo | None) -> None:
        """``user`` signed in with ``app_password`` (both None: anonymous)."""
        self.user, self.app_password = user, app_password

    @property
    def tenant(self) -> TenantInfo | None:
        """Whose data the request works on (:data:`wpcompat.access.request_tenant.current_tenant`): the user's,
        else the URL's; None for the platform owner."""
        return get_current_tenant()

    # --- headers and content type

    def get_header(self, name: str) -> str | None:
        """A header by any spelling (``Content-Type``, ``content_type``)."""
        return self.headers.get(name.lower().replace("-", "_"))

    @property
    def content_type(self) -> str | None:
        """The media type (lower-case, without parameters); None when absent or not ``type/subtype``."""
        value = (self.get_header("content-type") or "").split(";", 1)[0].strip().lower()
        return value if "/" in value else None

    def is_json_content_type(self) -> bool:
        value = self.content_type
        return value is not None and _JSON_MEDIA_TYPE.search(value) is not None

    # --- parameter sources

    def parse_json(self) -> RestError | None:
        """Parse a JSON body once; the error (if any) is what dispatch answers with ``rest_invalid_json``."""
        if not self._json_parsed:
            self._json_parsed = True
            if self.is_json_content_type() and self.raw_body not in (b"", b"0"):  # PHP empty()
                try:
                    self._json = decode_json_body(self.raw_body)
                except RestError as error:
                    self._json_error = error
                else:
                    self._sources["JSON"] = self._json if isinstance(self._json, dict) else {}
        return self._json_error

    def _parse_urlencoded_body(self) -> None:
        # WP parses a non-POST body itself, only when it is (or may be) urlencoded; $_POST values win.
        if self._body_parsed:
            return
        self._body_parsed = True
        if self.method != "POST" and self.raw_body and self.content_type in (None, _URLENCODED):
            self._sources["POST"] = {**parse_str(self.raw_body), **self._sources["POST"]}

    def parameter_order(self) -> list[str]:
        """``get_parameter_order``: the sources consulted for this method, highest priority first."""
        order = ["JSON"] if self.is_json_content_type() else []
        self.parse_json()
        self._parse_urlencoded_body()
        if self.method in _BODY_METHODS:
            order.append("POST")
        return order + ["GET", "URL", "defaults"]

    def get_param(self, name: str) -> Any:
        """The value of ``name`` from the highest-priority source that has a non-null one."""
        for source in self.parameter_order():
            value = self._sources[source].get(name)
            if value is not None:
                return value
        return None

    def has_param(self, name: str) -> bool:
        return any(name in self._sources[source] for source in self.parameter_order())

    def set_param(self, name: str, value: Any) -> None:
        """Overwrite ``name`` wherever it is set (defaults aside), else set it in the top source."""
        order = self.parameter_order()
        found = False
        for source in order:
            if source != "defaults" and name in self._sources[source]:
                self._sources[source][name] = value
                found = True
        if not found:
            self._sources[order[0]][name] = value

    def __getitem__(self, name: str) -> Any:
        return self.get_param(name)

    def __setitem__(self, name: str, value: Any) -> None:
        self.set_param(name, value)

    @property
    def params(self) -> dict[str, Any]:
        """All params merged, lower priority first (``get_params``)."""
        merged: dict[str, Any] = {}
        for source in reversed(self.parameter_order()):
            merged.update(self._sources[source])
        return merged

    def source(self, name: str) -> dict[str, Any]:
        """One source's params: ``JSON``, ``POST``, ``GET``, ``URL`` or ``defaults`` (live, for sanitizing)."""
        if name == "POST":
            self._parse_urlencoded_body()
        elif name == "JSON":
            self.parse_json()
        return self._sources[name]

    @property
    def url_params(self) -> dict[str, Any]:
        return self._sources["URL"]

    @property
    def query_params(self) -> dict[str, Any]:
        return self._sources["GET"]

    @property
    def body_params(self) -> dict[str, Any]:
        return self.source("POST")

    @property
    def json_params(self) -> Any:
        """The decoded JSON body (any JSON value), or None."""
        self.parse_json()
        return self._json

    @property
    def default_params(self) -> dict[str, Any]:
        return self._sources["defaults"]

    def set_url_params(self, params: dict[str, Any]) -> None:
        self._sources["URL"] = dict(params)

    def set_default_params(self, params: dict[str, Any]) -> None:
        self._sources["defaults"] = dict(params)

    def requested_fields(self) -> list[str] | None:
        """The ``_fields`` selection, or None when absent/empty (then every field is wanted)."""
        value = self.get_param("_fields")
        fields = [php_string(f).strip() for f in parse_list(value)] if value is not None else []
        return fields or None
