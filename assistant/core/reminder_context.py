"""What a reminder template sees: plain strings, already formatted for the language.

Pure. The same builder makes the sample context used to test-render every template when
the policy loads, so a template that renders at load renders at send time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from assistant.core.money import MINOR_UNITS
from assistant.core.policy import OpenInvoice

# (thousands separator, decimal mark, date format) per language.
FORMATS: dict[str, tuple[str, str, str]] = {
    "en": (",", ".", "%d %b %Y"),
    "de": (".", ",", "%d.%m.%Y"),
    "fr": ("\u202f", ",", "%d/%m/%Y"),
    "es": (".", ",", "%d/%m/%Y"),
}
MAX_NUMBERS_IN_SUBJECT = 3


def money_text(amount: Decimal, currency: str, language: str) -> str:
    thousands, mark, _ = FORMATS.get(language, FORMATS["en"])
    places = MINOR_UNITS.get(currency, 2)
    text = f"{amount.quantize(Decimal(1).scaleb(-places)):,}"
    return text.replace(",", "\0").replace(".", mark).replace("\0", thousands) + f" {currency}"


def date_text(day: date, language: str) -> str:
    return day.strftime(FORMATS.get(language, FORMATS["en"])[2])


def invoice_list(numbers: Sequence[str], language: str) -> str:
    more = {"en": "and {n} more", "de": "und {n} weitere", "fr": "et {n} autres", "es": "y {n} más"}
    if len(numbers) <= MAX_NUMBERS_IN_SUBJECT:
        return ", ".join(numbers)
    shown = ", ".join(numbers[:MAX_NUMBERS_IN_SUBJECT - 1])
    return f"{shown} {more.get(language, more['en']).format(n=len(numbers) - MAX_NUMBERS_IN_SUBJECT + 1)}"


def reminder_context(*, customer_name: str, customer_id: str, company_name: str, language: str, today: date,
                     step: str, tone: str, invoices: Sequence[OpenInvoice],
                     fees: dict[int, Decimal] | None = None) -> dict[str, Any]:
    fees = fees or {}
    totals: dict[str, Decimal] = {}
    for inv in invoices:
        totals[inv.currency] = totals.get(inv.currency, Decimal(0)) + inv.balance + fees.get(inv.pk, Decimal(0))
    rows = [{
        "number": inv.number,
        "due_date": date_text(inv.due_date, language),
        "amount": money_text(inv.amount, inv.currency, language),
        "balance": money_text(inv.balance, inv.currency, language),
        "days_overdue": max(0, (today - inv.due_date).days),
        "late_fee": money_text(fees[inv.pk], inv.currency, language) if inv.pk in fees else "",
    } for inv in invoices]
    return {
        "customer": {"name": customer_name, "customer_id": customer_id},
        "company": {"name": company_name},
        "invoices": rows,
        "invoice_list": invoice_list([i.number for i in invoices], language),
        "first_due": date_text(min(i.due_date for i in invoices), language),
        "max_days_overdue": max(0, max((today - i.due_date).days for i in invoices)),
        "totals": [money_text(v, c, language) for c, v in sorted(totals.items())],
        "late_fees": bool(fees),
        "today": date_text(today, language),
        "step": step,
        "tone": tone,
        "language": language,
    }


def sample_context(language: str, step: str, tone: str) -> dict[str, Any]:
    """Data exercising every branch of the layouts: two invoices, one with a late fee."""
    today = date(2026, 3, 16)
    invoices = [OpenInvoice(1, "INV-1001", date(2026, 3, 1), Decimal("1234.50"), Decimal("1234.50"), "EUR"),
                OpenInvoice(2, "INV-1002", date(2026, 3, 20), Decimal("99.00"), Decimal("49.00"), "EUR")]
    return reminder_context(customer_name="Sample & Co <Ltd>", customer_id="C-SAMPLE", company_name="Example Ltd",
                            language=language, today=today, step=step, tone=tone, invoices=invoices,
                            fees={1: Decimal("40.00")})
