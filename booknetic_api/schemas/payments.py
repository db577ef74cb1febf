"""Payment info of an appointment (PaymentService::getInfo, captures 22/24) and the edit body.

Mixed types as Booknetic sends them: ``data.id`` an int, ``customer.id`` and ``startTime`` strings (raw
columns), amounts JSON numbers (PHP floats: ``40``, ``40.5``), ``prices[].price`` a 2-decimal string,
``*Formatted`` currency strings in the tenant's currency.
"""
from __future__ import annotations

from marshmallow import Schema, fields

from wpcompat.booking.payments import PaymentSummary

from .fields import LenientStr


def payment_info(appointment, summary: PaymentSummary) -> dict:
    """The ``data`` object of ``GET /payments/{id}``."""
    customer = appointment.customer
    return {
        "id": appointment.id,
        "staff": appointment.staff.name,
        "service": appointment.service.name,
        "startTime": str(appointment.starts_at),
        "customer": {"id": str(customer.id), "name": f"{customer.first_name} {customer.last_name}",
                     "email": customer.email, "profileImage": customer.profile_image},
        "payment": {
            "paymentMethod": summary.method, "paymentStatus": summary.status,
            "totalAmount": summary.total, "totalAmountFormatted": summary.format(summary.total),
            "paid": summary.paid, "paidFormatted": summary.format(summary.paid),
            "due": summary.due, "dueFormatted": summary.format(summary.due),
            "discount": summary.discount, "discountFormatted": summary.format(summary.discount),
            "prices": [{"name": line.name, "price": f"{line.price:.2f}", "formattedPrice": line.formatted}
                       for line in summary.lines],
        },
    }


class PaymentBody(Schema):
    """``PUT /payments/{id}``: ``status`` (a string), ``paid_amount`` and ``prices`` as sent (checked by the domain)."""

    status = LenientStr("")
    paid_amount = fields.Raw(load_default=None, allow_none=True)
    prices = fields.Raw(load_default=None, allow_none=True)
