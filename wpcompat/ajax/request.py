"""What an admin-ajax handler gets to read: PHP's ``$_GET``, ``$_POST``, ``$_REQUEST`` and ``php://input``.

Values are **unslashed**. WordPress runs ``wp_magic_quotes()`` on every request (``addslashes`` over
``$_GET``/``$_POST`` and ``$_REQUEST = array_merge($_GET, $_POST)``) and well-behaved handlers undo it with
``wp_unslash()``; we never add the slashes, so handlers see the literal client values. A handler that
must reproduce a plugin reading the slashed superglobals can call :func:`wp_slash`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from flask import current_app, request
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.http import parse_options_header

from ..php.forms import array_merge, parse_form_body, parse_str, php_params
from ..php.limits import MAX_FILE_UPLOADS, MAX_INPUT_VARS, POST_MAX_SIZE
from ..platform.identity import Account, TenantInfo
from ..access.request_tenant import get_current_tenant

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class AjaxRequest:
    """One admin-ajax call, as PHP and WordPress present it to a ``wp_ajax_*`` handler."""

    method: str
    get: dict  # $_GET: the query string with PHP parse_str semantics
    post: dict  # $_POST: urlencoded or multipart POST bodies only (never JSON)
    request: dict  # $_REQUEST = array_merge($_GET, $_POST): POST wins
    raw_body: bytes  # php://input (empty for multipart, as in PHP); the stream is consumed: read this
    body: bytes = b""  # the body as received, multipart too (an Idempotency-Key's fingerprint reads it)
    files: MultiDict[str, FileStorage] = field(default_factory=MultiDict)  # $_FILES, unparsed names
    # admin-ajax authenticates by WordPress login cookie only and we issue none; application-password
    # Basic auth is ignored there, as WordPress ignores it (not an API request). So: always anonymous.
    user: Account | None = None

    @property
    def tenant(self) -> TenantInfo | None:
        """The tenant the call works on (:data:`wpcompat.access.request_tenant.current_tenant`): the URL's site's."""
        return get_current_tenant()


def wp_slash(value: Any) -> Any:
    """WordPress ``wp_slash``/``addslashes``: backslash before ``'``, ``"``, ``\\`` and NUL, recursively."""
    if isinstance(value, str):
        return re.sub(r"(['\"\\])", r"\\\1", value).replace("\0", "\\0")
    if isinstance(value, list):
        return [wp_slash(v) for v in value]
    if isinstance(value, dict):
        return {k: wp_slash(v) for k, v in value.items()}
    return value


def _php_content_type() -> str:
    # Mirrors sapi_read_post_data: lower-cased, cut at the first ';', ',' or ' '.
    return re.split(r"[;, ]", request.headers.get("Content-Type", ""), maxsplit=1)[0].lower()


def _read_body(limit: int) -> bytes | None:
    """The request body, or None when it is over ``limit`` (PHP then leaves $_POST and php://input empty)."""
    if request.content_length is not None and request.content_length > limit:
        current_app.logger.warning("admin-ajax body of %s bytes exceeds the %s-byte limit",
                                   request.content_length, limit)
        return None
    # A streamed (chunked) body is cut at the stream's limit without an error, so allow one byte
    # more: getting it tells "too long" from "exactly the limit".
    request.max_content_length = limit + 1
    try:
        body = request.stream.read()
    except RequestEntityTooLarge:
        body = None
    if body is None or len(body) > limit:
        current_app.logger.warning("admin-ajax streamed body exceeds the %s-byte limit", limit)
        return None
    return body


def _in_memory(**_: Any) -> BytesIO:
    return BytesIO()


def _parse_multipart(body: bytes, limit: int) -> tuple[dict, MultiDict]:
    _, options = parse_options_header(request.headers.get("Content-Type"))
    # cls=list keeps the parts in body order (a MultiDict would group repeated names). The body is
    # already in memory and bounded by the limit, so uploads go to BytesIO rather than temporary files.
    parser = FormDataParser(_in_memory, max_form_memory_size=limit, max_content_length=limit, cls=list,
                            max_form_parts=MAX_INPUT_VARS + MAX_FILE_UPLOADS)
    try:
        _, fields, files = parser.parse(BytesIO(body), MULTIPART, len(body), options)
    except RequestEntityTooLarge:
        # More parts than PHP's max_multipart_body_parts: PHP keeps the parts read so far; we keep none.
        current_app.logger.warning("admin-ajax multipart body has too many parts")
        return {}, MultiDict()
    return php_params(fields), MultiDict(files)


def load_ajax_request() -> AjaxRequest:
    """Build the :class:`AjaxRequest` for the current Flask request."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or POST_MAX_SIZE  # MAX_CONTENT_LENGTH overrides PHP's
    body = _read_body(limit)
    content_type = _php_content_type()
    post: dict = {}
    files: MultiDict = MultiDict()
    raw_body = body or b""
    # PHP fills $_POST for POST only, and only from these two media types.
    if body is not None and request.method == "POST":
        if content_type == URLENCODED:
            post = parse_form_body(body)
        elif content_type == MULTIPART:
            post, files = _parse_multipart(body, limit)
            raw_body = b""  # php://input is empty for multipart/form-data
    get = parse_str(request.query_string)
    return AjaxRequest(method=request.method, get=get, post=post, request=array_merge(get, post),
                       raw_body=raw_body, body=body or b"", files=files)
