"""The wpcompat tables an import writes, by their :data:`~.plan.ROW_TABLES` name, and what their rows refer to."""
from __future__ import annotations

from sqlalchemy import Table

from ..booking.models import (Appointment, AppointmentExtra, AppointmentPrice, BusinessHours, Customer, Location,
                              Notification, Service, ServiceCategory, ServiceExtra, Staff, staff_locations,
                              staff_services)
from ..platform.models import User

#: The tables whose rows are ORM objects (their collation keys filled by the models' listeners).
MODELS: dict[str, type] = {
    "business_hours": BusinessHours, "locations": Location, "service_categories": ServiceCategory,
    "services": Service, "service_extras": ServiceExtra, "staff": Staff, "customers": Customer,
    "appointments": Appointment, "appointment_extras": AppointmentExtra, "appointment_prices": AppointmentPrice,
    "notifications": Notification,
}
#: The link tables (no id, no tenant column of their own), written with Core inserts.
LINKS: dict[str, Table] = {"staff_services": staff_services, "staff_locations": staff_locations}
#: Columns a plan row may carry that are no column of its table (the writer handles them itself).
EXTRA_KEYS: dict[str, frozenset[str]] = {"appointments": frozenset({"teambooking_token"})}


def table_of(name: str) -> Table:
    return LINKS[name] if name in LINKS else MODELS[name].__table__


def references(name: str) -> dict[str, str]:
    """``{column: the ROW_TABLES name or "users" it refers to}`` for a table's row (tenant_id aside)."""
    found = {}
    for column in table_of(name).columns:
        for key in column.foreign_keys:
            target = key.column.table.name
            if target == User.__tablename__ or target in MODELS:
                found[column.name] = target
    return found


def attribute_names(name: str) -> frozenset[str]:
    """The keys a plan row of ``name`` may have: its model's attributes (link tables: their columns)."""
    if name in LINKS:
        return frozenset(LINKS[name].columns.keys())
    mapper = MODELS[name].__mapper__
    return frozenset(mapper.columns.keys()) - {"tenant_id"} | EXTRA_KEYS.get(name, frozenset())
