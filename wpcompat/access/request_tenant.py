"""Which tenant a request is for: resolved once, read as :data:`current_tenant`, activated in one place.

Two facts per request, both kept here (on ``g``, reset before every request):

* the URL's tenant (:func:`url_tenant`): the tenant whose site the URL addresses (``/<slug>/`` or
  ``<slug>.<host>``, read by :mod:`wpcompat.access.sites`), None for the main site. Resolved on first ask, not
  eagerly: a signing-in user's account row carries their tenant, which is taken when the URL names it
  (no second lookup). An unknown slug raises :class:`~wpcompat.access.sites.UnknownSite`.
* :data:`current_tenant`: the tenant the request works on. It is the URL's tenant, except that at the
  main site an accepted credential selects its own (:func:`act_for_credential`; None for the platform
  owner). It is settled once, and only here activates the data-layer guard (:func:`wpcompat.tenancy.activate`),
  so the rows a request sees are always those of the tenant it reports.

A suspended tenant is never settled: :class:`~wpcompat.access.sites.SiteSuspended` (403 on every surface).

One rule decides where a credential (application password, TeamBooking token) is valid:
:func:`credential_valid_here`. Elsewhere it is answered exactly as an unknown one.
"""
from __future__ import annotations

from flask import Flask, g
from werkzeug.local import LocalProxy

from .. import tenancy
from . import sites
from ..platform import identity
from ..platform.identity import TenantInfo

_URL_TENANT = "wpcompat_url_tenant"
_CURRENT_TENANT = "wpcompat_current_tenant"


def url_tenant(known: TenantInfo | None = None) -> TenantInfo | None:
    """The tenant whose site this request's URL addresses (None: the main site); UnknownSite if none.

    ``known``: a tenant already read (the signing-in user's), taken as the URL's when the URL names it.
    """
    if _URL_TENANT not in g:
        slug = sites.url_slug()
        tenant = None
        if slug is not None:
            tenant = known if known is not None and known.slug == slug else identity.tenant_by_slug(slug)
            if tenant is None:
                sites.forget_url_slug()  # no such site: the answer comes from the main site
                raise sites.UnknownSite()
        setattr(g, _URL_TENANT, tenant)
    return g.get(_URL_TENANT)


def credential_valid_here(tenant_id: int | None) -> bool:
    """Whether a credential of tenant ``tenant_id`` (None: the platform's own) is valid at this URL.

    Multisite-like: a tenant's credentials work at their own tenant's site and at the main site; the
    platform owner's at the main site only. At another tenant's site a credential does not exist.
    """
    here = url_tenant()
    return here is None or tenant_id == here.id


def act_for_credential(tenant_id: int | None, known: TenantInfo | None = None) -> None:
    """A credential of ``tenant_id`` was accepted here: the request works on that tenant from now on.

    Call after :func:`credential_valid_here`. ``known``: the credential's tenant if already read (else it
    is the URL's, or at the main site read once by id).
    """
    tenant = url_tenant()
    if tenant is None and tenant_id is not None:
        tenant = known if known is not None and known.id == tenant_id else identity.tenant_by_id(tenant_id)
    _settle(tenant)


def get_current_tenant() -> TenantInfo | None:
    """The tenant this request works on (see the module docstring); the URL's until a credential says otherwise.

    The first read settles it (and activates the guard): URL families read it before their handlers run.
    """
    if _CURRENT_TENANT not in g:
        _settle(url_tenant())
    return g.get(_CURRENT_TENANT)


#: The one name for the tenant of this request. A proxy is never ``None``: test it with ``if current_tenant``,
#: and hand on :func:`get_current_tenant` where a function compares with ``None``.
current_tenant: TenantInfo = LocalProxy(get_current_tenant)  # type: ignore[assignment]


def _settle(tenant: TenantInfo | None) -> None:
    if tenant is not None and tenant.suspended:
        raise sites.SiteSuspended()
    if _CURRENT_TENANT in g:
        settled = g.get(_CURRENT_TENANT)
        if settled == tenant:
            return
        if settled is not None:  # only the main site's "no tenant" may be filled in by a credential
            raise RuntimeError(f"request tenant {settled.slug} cannot become {tenant and tenant.slug}")
    setattr(g, _CURRENT_TENANT, tenant)
    if tenant is not None or tenancy.active_tenant_id() is not None:  # "no tenant" over none is no change
        tenancy.activate(tenant.id if tenant is not None else None, known=tenant)


def _forget() -> None:
    g.pop(_URL_TENANT, None)
    g.pop(_CURRENT_TENANT, None)


def init_app(app: Flask) -> None:
    """Every request starts with its tenant unresolved (``g`` may outlive a request in tests)."""
    app.before_request(_forget)
