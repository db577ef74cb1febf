"""The site file: a whole platform (plans, owner, tenants, their users, catalogue and bookings) as JSON.

``load_site(data)`` validates and loads one in a single transaction; see ``docs/site-file.md``.
"""
from .errors import SiteFileError
from .loader import GeneratedSecret, LoadReport, demo_site, load_site, read_site_file

__all__ = ["GeneratedSecret", "LoadReport", "SiteFileError", "demo_site", "load_site",
           "read_site_file"]
