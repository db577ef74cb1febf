"""The ``booknetic/v1`` REST namespace every resource module declares its routes on."""
from __future__ import annotations

from wpcompat.rest import RestNamespace

api = RestNamespace("booknetic/v1")
