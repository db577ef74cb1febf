"""Which site a request's URL addresses: the main site or a tenant's (by slug), and the sites' public URLs.

Directory mode puts a tenant's site at ``/<slug>/`` (so ``/<slug>/wp-json/...`` and
``/<slug>/wp-admin/admin-ajax.php``); subdomain mode at ``<slug>.<site host>``. The URL families
register their rules twice (with and without the ``<tenant_slug>`` prefix); the slug is taken out of
the view arguments here, once (:func:`url_slug`). Which tenant that is, and which tenant the request
works on, is :mod:`wpcompat.access.request_tenant`'s; an unknown slug raises :class:`UnknownSite`, which each
URL family answers in its own error shape.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request
from sqlalchemy import event, select
from werkzeug.exceptions import Forbidden, NotFound

from ..extensions import db
from ..platform.identity import TenantInfo
from ..platform.models import Site
from ..platform.names import is_tenant_slug

TENANT_SLUG_ARG = "tenant_slug"
class UnknownSite(NotFound):
    """The URL names a tenant site that does not exist."""


class SiteSuspended(Forbidden):
    """The request is for a tenant the platform owner has suspended (its URL, or one of its credentials
    at the main site): every surface answers 403 in its own format until the tenant is resumed."""

    description = "This site has been suspended."
    reason = "site suspended"  # TeamBooking's envelope


@dataclass(frozen=True)
class SiteSettings:
    name: str
    description: str
    url: str  # the main site's public base URL, no trailing slash
    timezone: str
    tenant_urls: str  # "directory" | "subdomain"


_SITE_ROW_CACHE = "wpcompat.site_row"
_SETTINGS_CACHE = "wpcompat.site_settings"


def _site_row() -> tuple[str, str, str, str, str] | None:
    # The site row is written once (by the first site file) and never edited through the app, so each
    # process reads it once; a database without one yet is asked again on every request.
    cache = current_app.extensions
    if cache.get(_SITE_ROW_CACHE) is None:
        row = db.session.execute(select(Site).limit(1)).scalar_one_or_none()
        if row is None:
            return None
        cache[_SITE_ROW_CACHE] = (row.name, row.description, row.url, row.timezone, row.tenant_urls)
    return cache[_SITE_ROW_CACHE]


def _forget_site_row(mapper, connection, target) -> None:
    if current_app:
        current_app.extensions.pop(_SITE_ROW_CACHE, None)
        current_app.extensions.pop(_SETTINGS_CACHE, None)


def settings() -> SiteSettings:
    """The site's settings for this request (the ``site`` row, overridden by configuration).

    Asked for several times by every request: made once per process when the site row exists and a URL
    is known (configured, or the row's), else once per request (the URL from its host).
    """
    made = current_app.extensions.get(_SETTINGS_CACHE) or g.get("site_settings")
    if made is None:
        row = _site_row()
        name, description, row_url, timezone, tenant_urls = row or ("WordPress", "", None, "UTC", "directory")
        url = current_app.config["SITE_URL"] or row_url
        made = SiteSettings(
            name=name,
            description=description,
            url=(url or request.host_url).rstrip("/"),
            timezone=timezone,
            tenant_urls=current_app.config["TENANT_URLS"] or tenant_urls,
        )
        if row is not None and url:
            current_app.extensions[_SETTINGS_CACHE] = made
        else:
            g.site_settings = made
    return made


def site_url(tenant: TenantInfo | None) -> str:
    """The public base URL of the main site (``tenant=None``) or of a tenant's site, no trailing slash."""
    return slug_site_url(tenant.slug if tenant is not None else None)


def slug_site_url(slug: str | None) -> str:
    """The public base URL of the site of tenant ``slug`` (None: the main site), no trailing slash."""
    base = settings().url
    if slug is None:
        return base
    if settings().tenant_urls == "subdomain":
        parts = urlsplit(base)
        return f"{parts.scheme}://{slug}.{parts.netloc}{parts.path}"
    return f"{base}/{slug}"


def url_slug() -> str | None:
    """The tenant slug this request's URL names (directory or subdomain), or None for the main site."""
    return g.get("url_slug")


def forget_url_slug() -> None:
    """The URL's slug names no site: from now on this request's URLs are the main site's."""
    g.url_slug = None


def _pop_tenant_slug(endpoint: str | None, values: dict | None) -> None:
    g.url_tenant_slug = values.pop(TENANT_SLUG_ARG, None) if values else None


def _subdomain_slug() -> str | None:
    site_host = urlsplit(settings().url).netloc.lower()
    host = request.host.lower()
    if host != site_host and host.endswith("." + site_host):
        return host[: -len(site_host) - 1]
    return None


def _read_url_slug() -> None:
    if request.url_rule is None:
        return
    settle_url_slug(g.pop("url_tenant_slug", None))


def settle_url_slug(slug: str | None) -> None:
    """Settle the URL's tenant slug from ``slug`` (the path's, in directory mode) or the host (subdomain
    mode); one that cannot be a tenant's raises :class:`UnknownSite` and leaves the main site's URLs."""
    if slug is not None and settings().tenant_urls != "directory":
        raise UnknownSite()
    if slug is None and settings().tenant_urls == "subdomain":
        slug = _subdomain_slug()
    if slug is not None and not is_tenant_slug(slug):
        raise UnknownSite()  # before g.url_slug is set: the answer's URLs are the main site's
    g.url_slug = slug


def add_site_rules(app_or_blueprint, rule: str, **options) -> None:
    """Register ``rule`` for the main site and for tenant sites in directory mode."""
    app_or_blueprint.add_url_rule(rule, **options)
    app_or_blueprint.add_url_rule(f"/<{TENANT_SLUG_ARG}>{rule}", **options)


def init_app(app: Flask) -> None:
    for change in ("after_insert", "after_update", "after_delete"):
        if not event.contains(Site, change, _forget_site_row):
            event.listen(Site, change, _forget_site_row)
    app.url_value_preprocessor(_pop_tenant_slug)
    app.before_request(_read_url_slug)
