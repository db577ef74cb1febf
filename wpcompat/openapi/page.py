"""``/wpcompat/api-docs/``: the three OpenAPI descriptions rendered by Swagger UI, whose files are vendored in
this package (``static/``, refreshed by ``scripts/vendor-swagger-ui.sh``): nothing is fetched from a CDN.
Served at the main site and at every tenant's site, where the descriptions name that site's URLs."""
from __future__ import annotations

from html import escape
from pathlib import Path

from flask import Blueprint, Response, send_from_directory

from ..access import request_tenant, sites
from ..rest.index import rest_url

STATIC = Path(__file__).with_name("static")
blueprint = Blueprint("wpcompat_api_docs", __name__)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>{title} API documentation</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({{dom_id: "#docs", deepLinking: true, urls: {urls}, "urls.primaryName": "booknetic"}});
</script>
</body>
</html>
"""


def docs_page() -> Response:
    tenant = request_tenant.get_current_tenant()
    title = tenant.name if tenant else sites.settings().name
    urls = ", ".join(f'{{"url": "{rest_url(f"wpcompat/v1/openapi/{name}.json")}", "name": "{name}"}}'
                     for name in ("booknetic", "teambooking", "wpcompat"))
    assets = sites.site_url(request_tenant.url_tenant()) + "/wpcompat/api-docs/assets"
    return Response(_PAGE.format(title=escape(title), assets=escape(assets), urls=f"[{urls}]"),
                    content_type="text/html; charset=UTF-8")


def asset(name: str) -> Response:
    return send_from_directory(STATIC, name, max_age=86400)


sites.add_site_rules(blueprint, "/wpcompat/api-docs/", endpoint="docs", view_func=docs_page)
sites.add_site_rules(blueprint, "/wpcompat/api-docs/assets/<any('swagger-ui-bundle.js', 'swagger-ui.css'):name>",
                     endpoint="asset", view_func=asset)
