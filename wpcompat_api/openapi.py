"""``/wpcompat/v1/openapi/{booknetic,teambooking,wpcompat}.json``: the OpenAPI 3.1 description of each surface
(:mod:`wpcompat.openapi`), public, for the site the URL addresses."""
from __future__ import annotations

import orjson

from wpcompat.access.sites import slug_site_url, url_slug
from wpcompat.openapi import DOCUMENTS
from wpcompat.php.json import EncodedJson
from wpcompat.rest import READABLE, RestRequest, RestResponse

from .namespace import api

_SERVER = {"booknetic": "/wp-json", "wpcompat": "/wp-json", "teambooking": ""}


@api.route(r"/openapi/(?P<document>booknetic|teambooking|wpcompat)\.json", methods=READABLE)
def get_document(request: RestRequest) -> RestResponse:
    name = request.get_param("document")
    # Plain JSON (an empty schema is {}; PHP's json_encode would print an empty array): valid JSON either way.
    return RestResponse(EncodedJson(orjson.dumps(DOCUMENTS[name](slug_site_url(url_slug()) + _SERVER[name])).decode()))
