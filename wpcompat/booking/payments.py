"""Money of an appointment: price lines, totals, currency formatting and payment updates.

Mirrors Booknetic's PaymentService (booknetic-rest.md §4.14): total = Σ price × negative_or_positive
over the price lines; *paid* counts ``paid_amount`` only when ``payment_status == "paid"``;
due = total − paid; discount = total − paid − due (always 0, as in Booknetic).

Formatting: the symbol goes before the amount with no space (Booknetic's default currency position
1, golden capture 22: ``"$40.00"``, so ``"€50.00"``); a currency without a symbol in the table is
written as its ISO code and a space (``"CHF 12.50"``). Amounts have the currency's minor units
(2, or 0 for zero-decimal currencies such as JPY). The sign belongs to the number, inside the currency's
position, as Booknetic's ``Helper::price`` writes it (``"$-14.50"``, ``"CHF -12.50"``): it formats the
signed number first and only then places the symbol (positions 1–4: ``$n``, ``$ n``, ``n$``, ``n $``;
we use 1 for a symbol and 2 for an ISO code).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Mapping

from ..extensions import db
from ..platform.identity import tenant_info
from .errors import InvalidPayment
from .models import Appointment

#: Booknetic's payment statuses (§6).
PAYMENT_STATUSES = ("pending", "paid", "canceled", "not_paid")

#: Display names of price lines; add-on keys (coupons, taxes, ...) pass through unchanged.
PRICE_LINE_NAMES = {"service_price": "Service price", "service_extra": "Extra Service price", "discount": "Discount"}

CURRENCY_SYMBOLS = {
    "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "RUB": "₽", "TRY": "₺",
    "AZN": "₼", "KRW": "₩", "UAH": "₴", "ILS": "₪", "NGN": "₦", "PHP": "₱", "VND": "₫", "THB": "฿",
    "BRL": "R$", "AUD": "A$", "CAD": "C$", "NZD": "NZ$", "MXN": "MX$", "HKD": "HK$", "SGD": "S$",
}
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF", "RWF"})


def currency_decimals(currency: str) -> int:
    return 0 if currency in ZERO_DECIMAL_CURRENCIES else 2


def round_money(amount: Decimal, currency: str) -> Decimal:
    return Decimal(amount).quantize(Decimal(1).scaleb(-currency_decimals(currency)), rounding=ROUND_HALF_UP)


def format_money(amount: Decimal | int | float, currency: str) -> str:
    """``"$40.00"``, ``"€50.00"``, ``"¥1200"``, ``"CHF 12.50"``, ``"$-5.00"``, ``"CHF -12.50"``.

    The one formatter of money strings: every ``*Formatted``/``*_formatted`` value comes from here.
    """
    value = round_money(Decimal(str(amount)), currency)
    number = f"{value:,.{currency_decimals(currency)}f}"  # signed: Helper::price keeps "-" on the number
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{currency} {number}"


def tenant_currency(tenant_id: int) -> str:
    """The tenant's currency code (``USD`` if none)."""
    tenant = tenant_info(tenant_id) if tenant_id is not None else None
    return (tenant.currency if tenant else None) or "USD"


@dataclass(frozen=True)
class PriceLine:
    unique_key: str
    name: str
    price: Decimal  # absolute value, as stored
    sign: int  # +1 adds, -1 subtracts
    formatted: str


@dataclass(frozen=True)
class PaymentSummary:
    currency: str
    method: str
    status: str
    total: Decimal
    paid: Decimal
    due: Decimal
    discount: Decimal
    lines: tuple[PriceLine, ...]

    def format(self, amount: Decimal) -> str:
        return format_money(amount, self.currency)


def payment_summary(appointment: Appointment) -> PaymentSummary:
    """Totals and price lines of ``appointment`` in its tenant's currency."""
    currency = tenant_currency(appointment.tenant_id)
    total = round_money(appointment.total_price, currency)
    paid = round_money(appointment.paid_amount, currency) if appointment.payment_status == "paid" else Decimal(0)
    due = total - paid
    lines = tuple(
        PriceLine(line.unique_key, PRICE_LINE_NAMES.get(line.unique_key, line.unique_key), line.price,
                  line.negative_or_positive, format_money(line.price, currency))
        for line in appointment.prices
    )
    return PaymentSummary(currency, appointment.payment_method, appointment.payment_status,
                          total, paid, due, total - paid - due, lines)


#: The largest amount a money column (NUMERIC(12, 2)) holds.
MAX_AMOUNT = Decimal("9999999999.99")


def parse_amount(value: object) -> Decimal | None:
    """A finite amount from 0 to MAX_AMOUNT, from a number or numeric string; None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and 0 <= amount <= MAX_AMOUNT else None


def update_payment(appointment: Appointment, status: str, paid_amount: object = None,
                   prices: Mapping[str, object] | None = None) -> Appointment:
    """Booknetic's PUT /payments/{id}: set the payment status, paid amount and price lines.

    Unlike Booknetic, which writes an empty payment status for an unknown value, an unknown status is
    refused (InvalidPayment, field ``status``), as are a negative or non-numeric ``paid_amount`` and a
    ``prices`` map whose size differs from the number of price lines or holds a bad value (Booknetic:
    400 with an empty message). As in Booknetic, ``paid_amount`` is only written when non-zero, and
    unknown price keys update nothing. Nothing is written unless everything is valid.
    """
    if status not in PAYMENT_STATUSES:
        raise InvalidPayment(f"Payment status must be one of: {', '.join(PAYMENT_STATUSES)}", field="status")
    currency = tenant_currency(appointment.tenant_id)
    amount = None
    if paid_amount not in (None, "", 0):
        amount = parse_amount(paid_amount)
        if amount is None:
            raise InvalidPayment("Paid amount must be a number from 0 to 9999999999.99", field="paid_amount")
    new_prices: dict[str, Decimal] = {}
    if prices:
        if len(prices) != len(appointment.prices):
            raise InvalidPayment(f"Send all {len(appointment.prices)} price line(s)", field="prices")
        for key, value in prices.items():
            parsed = parse_amount(value)
            if parsed is None:
                raise InvalidPayment(f"Price {key} must be a number from 0 to 9999999999.99", field="prices")
            new_prices[key] = round_money(parsed, currency)
    for line in appointment.prices:
        if line.unique_key in new_prices:
            line.price = new_prices[line.unique_key]
    appointment.payment_status = status
    if amount is not None and amount != 0:
        appointment.paid_amount = round_money(amount, currency)
    db.session.flush()
    return appointment
