"""Which site a request is for: the main site or a tenant's, from the URL, and that site's public URLs.

Directory mode puts a tenant's site at ``/<slug>/`` (so ``/<slug>/wp-json/...`` and
``/<slug>/wp-admin/admin-ajax.php``); subdomain mode at ``<slug>.<site host>``. The URL families
register their rules twice (with and without the ``<tenant_slug>`` prefix); the slug is taken out of
the view arguments here, once, and resolved to a :class:`Tenant` in ``g.url_tenant``. An unknown
slug raises :class:`UnknownSite`, which each URL family answers in its own error shape.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from .extensions import db
from .platform.models import Site, Tenant

TENANT_SLUG_ARG = "tenant_slug"


class UnknownSite(NotFound):
    """The URL names a tenant site that does not exist."""


@dataclass(frozen=True)
class SiteSettings:
    name: str
    description: str
    url: str  # the main site's public base URL, no trailing slash
    timezone: str
    tenant_urls: str  # "directory" | "subdomain"


def settings() -> SiteSettings:
    """The site's settings for this request (the ``site`` row, overridden by configuration)."""
    if "site_settings" not in g:
        row = db.session.execute(select(Site).limit(1)).scalar_one_or_none()
        url = current_app.config["SITE_URL"] or (row.url if row else None) or request.host_url
        g.site_settings = SiteSettings(
            name=row.name if row else "WordPress",
            description=row.description if row else "",
            url=url.rstrip("/"),
            timezone=row.timezone if row else "UTC",
            tenant_urls=current_app.config["TENANT_URLS"] or (row.tenant_urls if row else "directory"),
        )
    return g.site_settings


def site_url(tenant: Tenant | None) -> str:
    """The public base URL of the main site (``tenant=None``) or of a tenant's site, no trailing slash."""
    base = settings().url
    if tenant is None:
        return base
    if settings().tenant_urls == "subdomain":
        parts = urlsplit(base)
        return f"{parts.scheme}://{tenant.slug}.{parts.netloc}{parts.path}"
    return f"{base}/{tenant.slug}"


def url_tenant() -> Tenant | None:
    """The tenant whose site this request's URL addresses (None for the main site)."""
    return g.get("url_tenant")


def _pop_tenant_slug(endpoint: str | None, values: dict | None) -> None:
    g.url_tenant_slug = values.pop(TENANT_SLUG_ARG, None) if values else None


def _subdomain_slug() -> str | None:
    site_host = urlsplit(settings().url).netloc.lower()
    host = request.host.lower()
    if host != site_host and host.endswith("." + site_host):
        return host[: -len(site_host) - 1]
    return None


def _resolve_url_tenant() -> None:
    if request.url_rule is None:
        return
    slug = g.pop("url_tenant_slug", None)
    mode_slug = _subdomain_slug() if settings().tenant_urls == "subdomain" else None
    if slug is not None and settings().tenant_urls != "directory":
        raise UnknownSite()
    slug = slug if slug is not None else mode_slug
    g.url_tenant = None
    if slug is None:
        return
    tenant = db.session.execute(select(Tenant).where(Tenant.slug == slug)).scalar_one_or_none()
    if tenant is None:
        raise UnknownSite()
    g.url_tenant = tenant


def add_site_rules(app_or_blueprint, rule: str, **options) -> None:
    """Register ``rule`` for the main site and for tenant sites in directory mode."""
    app_or_blueprint.add_url_rule(rule, **options)
    app_or_blueprint.add_url_rule(f"/<{TENANT_SLUG_ARG}>{rule}", **options)


def init_app(app: Flask) -> None:
    app.url_value_preprocessor(_pop_tenant_slug)
    app.before_request(_resolve_url_tenant)
