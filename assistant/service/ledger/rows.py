"""Validating CSV rows into ledger values. Pure: the caller passes what the store knows.

Every invalid row is reported (not just the first), as `FILE:LINE: reason`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.core.ledger import Customer, Invoice, Payment, Segment
from assistant.core.money import AmountError, check_minor_units, is_currency, parse_amount
from assistant.service.ledger.csv_source import CsvRow

CUSTOMER_COLUMNS = ("customer_id", "name", "email")
CUSTOMER_OPTIONAL = ("cc", "language", "timezone", "country", "segment")
INVOICE_COLUMNS = ("invoice_number", "customer_id", "issue_date", "due_date", "amount", "currency")
INVOICE_OPTIONAL = ("balance", "pdf_path", "po_number")
PAYMENT_COLUMNS = ("invoice_number", "amount", "paid_on")
PAYMENT_OPTIONAL = ("reference", "method")

# Deliberately simple: RFC 5322 allows far more, but a ledger address we cannot write to
# is better caught at import than at send time.
_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
_LANGUAGE = re.compile(r"^[a-z]{2}(?:[-_][A-Za-z]{2})?$")
_KEY = re.compile(r"^[^\s\x00-\x1f]{1,64}$")


class RowError(ValueError):
    pass


T = TypeVar("T")


def validate_rows(
    rows: Iterable[CsvRow], path: Path, build: Callable[[CsvRow], T], key: Callable[[T], object], key_name: str
) -> tuple[list[T], list[str]]:
    """Build every row; collect `FILE:LINE: reason` problems, including duplicate keys."""
    values: list[T] = []
    problems: list[str] = []
    first_line: dict[object, int] = {}
    for row in rows:
        try:
            value = build(row)
        except RowError as exc:
            problems.append(f"{path}:{row.line}: {exc}")
            continue
        k = key(value)
        if k in first_line:
            problems.append(f"{path}:{row.line}: duplicate {key_name} {_show(k)} (first on line {first_line[k]})")
            continue
        first_line[k] = row.line
        values.append(value)
    return values, problems


def _show(key: object) -> str:
    if isinstance(key, tuple):
        return " + ".join(str(k) for k in key)
    return str(key)


def customer_from_row(row: CsvRow) -> Customer:
    customer_id = _key(row, "customer_id")
    name = _required(row, "name")
    email = _email(row.get("email"), "email")
    cc = tuple(_email(a.strip(), "cc") for a in re.split(r"[;,]", row.get("cc")) if a.strip())
    language = row.get("language").lower() or "en"
    if not _LANGUAGE.match(language):
        raise RowError(f"language {language!r} is not a language code like en or de")
    timezone = row.get("timezone") or None
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise RowError(f"timezone {timezone!r} is not a known IANA time zone") from exc
    country = row.get("country").upper() or None
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise RowError(f"country {country!r} is not a two-letter ISO 3166 code")
    segment_text = row.get("segment").lower()
    try:
        segment = Segment(segment_text) if segment_text else None
    except ValueError as exc:
        raise RowError(f"segment {segment_text!r} is not one of {', '.join(s.value for s in Segment)}") from exc
    return Customer(customer_id, name, email, cc, language[:2], timezone, country, segment)


def invoice_from_row(row: CsvRow, known_customers: Container[str]) -> Invoice:
    number = _key(row, "invoice_number")
    customer_id = _key(row, "customer_id")
    if customer_id not in known_customers:
        raise RowError(f"unknown customer {customer_id!r} (import customers first)")
    issue = _date(row, "issue_date")
    due = _date(row, "due_date")
    if due < issue:
        raise RowError(f"due_date {due} is before issue_date {issue}")
    amount = _amount(row, "amount", allow_zero=False)
    currency = row.get("currency").upper()
    if not is_currency(currency):
        raise RowError(f"unknown currency code {row.get('currency')!r}")
    balance: Decimal | None = None
    if row.get("balance"):
        balance = _amount(row, "balance")
        if balance > amount:
            raise RowError(f"balance {balance} is larger than amount {amount}")
    for column, value in (("amount", amount), ("balance", balance)):
        problem = check_minor_units(value, currency) if value is not None else None
        if problem:
            raise RowError(f"{column} {problem}")
    return Invoice(number, customer_id, issue, due, amount, currency, balance,
                   row.get("pdf_path") or None, row.get("po_number") or None)


def payment_from_row(row: CsvRow, known_invoices: Container[str]) -> Payment:
    number = _key(row, "invoice_number")
    if number not in known_invoices:
        raise RowError(f"unknown invoice {number!r} (import invoices first)")
    amount = _amount(row, "amount", allow_zero=False)
    paid_on = _date(row, "paid_on")
    return Payment(number, amount, paid_on, row.get("reference"), row.get("method") or None)


def _required(row: CsvRow, column: str) -> str:
    value = row.get(column)
    if not value:
        raise RowError(f"{column} is empty")
    return value


def _key(row: CsvRow, column: str) -> str:
    value = _required(row, column)
    if not _KEY.match(value):
        raise RowError(f"{column} {value!r} must be 1-64 characters without spaces")
    return value


def _email(value: str, column: str) -> str:
    if not value:
        raise RowError(f"{column} is empty")
    if not _EMAIL.match(value):
        raise RowError(f"{column} {value!r} is not an email address")
    return value.lower()


def _date(row: CsvRow, column: str) -> date:
    value = _required(row, column)
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError as exc:
        raise RowError(f"{column} {value!r} is not an ISO date like 2026-11-20") from exc


def _amount(row: CsvRow, column: str, allow_zero: bool = True) -> Decimal:
    try:
        return parse_amount(row.get(column), allow_zero=allow_zero)
    except AmountError as exc:
        raise RowError(f"{column} {exc}") from exc
