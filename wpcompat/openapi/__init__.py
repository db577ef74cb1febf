"""OpenAPI 3.1 descriptions of the three surfaces (:mod:`.documents`, generated from the route table, the
operation tables and the marshmallow schemas) and the page that renders them (:mod:`.page`, Swagger UI served
from the package)."""
from __future__ import annotations

from .documents import DOCUMENTS

__all__ = ["DOCUMENTS"]
