"""wpcompat: WordPress booking-plugin wire protocols on Flask.

``create_app`` reads like a table of contents: configuration, the database, which site a URL is for and
which tenant a request is for (after the request's size limits), authentication, the REST and admin-ajax machinery, then the plugin
adapters named in configuration; errors no view answered come last, in the URL's family format.
"""
from __future__ import annotations

import importlib

from flask import Flask
from werkzeug.routing import PathConverter

from . import ajax, core_routes, ratelimits, request_id, request_limits, rest, url_families
from .access import auth, request_tenant, sites
from .database import bounds, sqlite
from .server import proxies
from .server.redaction import RedactingFilter
from .config import load_config
from .extensions import db, migrate


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, test_config)
    app.logger.addFilter(RedactingFilter())  # secrets never reach a log line
    app.url_map.converters["path"] = LinePathConverter
    app.url_map.merge_slashes = False  # "/wp-json//x" is a REST route to WordPress (rest_no_route), not a redirect
    request_limits.init_app(app)
    proxies.init_app(app)
    db.init_app(app)
    sqlite.init_app(app)
    bounds.init_app(app)
    migrate.init_app(app, db)
    _import_models()
    sites.init_app(app)
    app.before_request(request_limits.check_request)
    request_tenant.init_app(app)
    auth.init_app(app)
    rest.init_app(app)
    core_routes.init_app(app)
    ajax.init_app(app)
    url_families.init_app(app)
    request_id.init_app(app)
    ratelimits.init_app(app)
    import wpcompat_api  # noqa: PLC0415  (an adapter package beside this one, as the plugins are)

    for name in app.config["PLUGINS"]:
        importlib.import_module(name).init_app(app)
    wpcompat_api.init_app(app)  # the platform's own namespace, after the plugins' in the route index
    return app


class LinePathConverter(PathConverter):
    """werkzeug's ``path``, also across line breaks: ``/wp-json/appo%0aintments`` is an unknown REST route
    (``rest_no_route``), not a URL no rule matches."""

    regex = r"[^/][\s\S]*?"


def _import_models() -> None:
    # Registers every table on db.metadata before anything creates or reflects the schema.
    from .booking import models as _booking  # noqa: F401
    from .platform import models as _platform  # noqa: F401
    from .changes import models as _changes  # noqa: F401
    from .idempotency import models as _idempotency  # noqa: F401
    from .webhooks import models as _webhooks  # noqa: F401
