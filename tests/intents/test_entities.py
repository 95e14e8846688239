"""Entity extraction: dates resolved against a fixed message date, amounts, references, invoices."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from intents.entities.dates import find_dates
from intents.entities.extract import (
    extract_entities,
    find_amounts,
    find_invoice_numbers,
    find_reference,
    parse_number,
)

FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # a Friday
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "ref", "prefer", "order", "expected"), [
    ("we will pay next Friday", FRIDAY, "future", None, date(2026, 11, 27)),
    ("we will pay next Friday", MONDAY, "future", None, date(2026, 11, 20)),
    ("paid on Friday", MONDAY, "past", None, date(2026, 11, 13)),
    ("by end of month", FRIDAY, "future", None, date(2026, 11, 30)),
    ("end of next month", FRIDAY, "future", None, date(2026, 12, 31)),
    ("on the 15th", FRIDAY, "future", None, date(2026, 12, 15)),
    ("on the 15th", FRIDAY, "past", None, date(2026, 11, 15)),
    ("on 12/01", FRIDAY, "future", "MDY", date(2026, 12, 1)),
    ("on 12/01", FRIDAY, "future", "DMY", date(2027, 1, 12)),
    ("on 12/01", FRIDAY, "future", None, date(2027, 1, 12)),
    ("sent 3/12", FRIDAY, "past", None, date(2025, 12, 3)),
    ("am 15.12.", FRIDAY, "future", None, date(2026, 12, 15)),
    ("am 15.12.2026", FRIDAY, "future", None, date(2026, 12, 15)),
    ("am 15. März", FRIDAY, "future", None, date(2027, 3, 15)),
    ("we paid on 3 May", FRIDAY, "past", None, date(2026, 5, 3)),
    ("le 3 décembre 2026", FRIDAY, "future", None, date(2026, 12, 3)),
    ("el 5 de diciembre", FRIDAY, "future", None, date(2026, 12, 5)),
    ("bis Ende des Monats", FRIDAY, "future", None, date(2026, 11, 30)),
    ("fin du mois", FRIDAY, "future", None, date(2026, 11, 30)),
    ("a final de mes", FRIDAY, "future", None, date(2026, 11, 30)),
    ("tomorrow", FRIDAY, "future", None, date(2026, 11, 21)),
    ("in two weeks", FRIDAY, "future", None, date(2026, 12, 4)),
    ("2026-12-01", FRIDAY, "future", None, date(2026, 12, 1)),
])
def test_dates_resolve_against_the_message_date(text: str, ref: datetime, prefer: str, order: str | None,
                                                expected: date) -> None:
    found = find_dates(text, ref, prefer=prefer, date_order=order)  # type: ignore[arg-type]
    assert [f.value for f in found] == [expected]


@pytest.mark.parametrize("text", ["3.5 units", "12.50 EUR", "EUR 1.200,50", "the 2 invoices", "version 1.2"])
def test_numbers_are_not_dates(text: str) -> None:
    assert find_dates(text, FRIDAY) == []


def test_relative_dates_need_a_reference() -> None:
    assert find_dates("next Friday", None) == []
    assert [f.value for f in find_dates("on 2026-12-01", None)] == [date(2026, 12, 1)]


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("€1.200,50", "1200.50", "EUR"),
    ("EUR 1,200.50", "1200.50", "EUR"),
    ("$99", "99", "USD"),
    ("1.234,56 EUR", "1234.56", "EUR"),
    ("£ 2,000", "2000", "GBP"),
    ("1 250,00 €", "1250.00", "EUR"),
    ("CHF 1'500.00", "1500.00", "CHF"),
    ("500 euros", "500", "EUR"),
])
def test_amounts_with_currency(text: str, value: str, currency: str) -> None:
    assert find_amounts(f"we transferred {text} yesterday") == [(Decimal(value), currency)]


def test_parse_number_separators() -> None:
    assert parse_number("1.200") == Decimal("1200")
    assert parse_number("1,5") == Decimal("1.5")
    assert parse_number("12,345.6") == Decimal("12345.6")


@pytest.mark.parametrize(("text", "ref"), [
    ("Paid today, ref 88123.", "88123"),
    ("SEPA reference: RF18539007547034", "RF18539007547034"),
    ("wire ref. FT26032XYZ9", "FT26032XYZ9"),
    ("Transaction ID TX-99812", "TX-99812"),
    ("cheque no. 004512 is in the post", "004512"),
    ("check #10234 mailed", "10234"),
    ("ACH trace number 091000019", "091000019"),
])
def test_payment_references(text: str, ref: str) -> None:
    assert find_reference(text) == ref


def test_reference_words_without_a_number_are_ignored() -> None:
    assert find_reference("With reference to your email of Monday, thanks.") is None
    assert find_reference("ref INV-1001", ["INV-1001"]) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("about INV-1001 and #4521", ["INV-1001", "4521"]),
    ("invoice 2026-0042 and FA-778", ["2026-0042", "FA-778"]),
    ("regarding invoice 12345", ["12345"]),
    ("Rechnung RE-2026-1234", ["RE-2026-1234"]),
    ("in 2026 we had 300 deliveries", []),
    ("re 1234 is not an invoice prefix in lower case", []),
])
def test_invoice_numbers_default_pattern(text: str, expected: list[str]) -> None:
    assert find_invoice_numbers(text) == expected


def test_invoice_numbers_snap_to_known_invoices() -> None:
    known = ["INV-4521", "INV-1002", "INV-2026-00042"]
    assert find_invoice_numbers("we paid 4521 and inv 1002", known_invoices=known) == ["INV-4521", "INV-1002"]
    assert find_invoice_numbers("#INV2026-00042 is wrong", known_invoices=known) == ["INV-2026-00042"]


def test_custom_invoice_pattern() -> None:
    assert find_invoice_numbers("order SO/99/1 and INV-1", pattern=r"SO/\d+/\d+") == ["SO/99/1"]


def test_extract_entities_roles_from_the_sentence() -> None:
    e = extract_entities("We paid INV-1001 on 3 May, ref 88123. The rest, EUR 1,200.50, will follow next Friday.",
                         reference=FRIDAY)
    assert e.to_json() == {"promised_date": "2026-11-27", "paid_on": "2026-05-03", "amount": "1200.50",
                           "currency": "EUR", "payment_reference": "88123", "invoice_numbers": ["INV-1001"],
                           "return_date": None}


def test_extract_entities_out_of_office_and_future_payment() -> None:
    e = extract_entities("I am out of the office until 30 November.", reference=FRIDAY)
    assert e.return_date == date(2026, 11, 30) and e.promised_date is None
    e = extract_entities("Die Rechnung RE-2026-1234 wird am 15.12. überwiesen.", reference=FRIDAY)
    assert e.promised_date == date(2026, 12, 15) and e.paid_on is None
    e = extract_entities("Die Rechnung RE-2026-1234 wurde am 15.11. überwiesen.", reference=FRIDAY)
    assert e.paid_on == date(2026, 11, 15) and e.promised_date is None


def test_extract_entities_us_locale() -> None:
    e = extract_entities("The check was mailed on 11/02.", reference=FRIDAY, date_order="MDY")
    assert e.paid_on == date(2026, 11, 2)
    e = extract_entities("The check was mailed on 11/02.", reference=FRIDAY)
    assert e.paid_on == date(2026, 2, 11)


def test_invoice_numbers_are_not_read_as_dates() -> None:
    e = extract_entities("We will pay 2026-0042 soon.", reference=FRIDAY)
    assert e.promised_date is None and e.invoice_numbers == ("2026-0042",)


def test_unknown_values_are_null() -> None:
    assert extract_entities("Thanks!", reference=None).to_json() == {
        "promised_date": None, "paid_on": None, "amount": None, "currency": None,
        "payment_reference": None, "invoice_numbers": [], "return_date": None}


def test_date_order_follows_the_customer_country() -> None:
    from intents.entities.dates import date_order_for_country

    assert date_order_for_country("us") == "MDY"
    assert date_order_for_country("DE") == "DMY"
    assert date_order_for_country(None) == "DMY"
    assert date_order_for_country("JP") == "YMD"


@pytest.mark.parametrize(("text", "promised", "paid"), [
    ("Payment was made. Amount: EUR 898.00. Date: March 11th.", None, "2026-03-11"),
    ("la facture FA-101 a été réglée le 27 mai ; la facture FA-102 sera payée le 26 février.",
     "2027-02-26", "2026-05-27"),
    ("The transfer of GBP 320.00 was completed on August 21.", None, "2026-08-21"),
    ("Payment should reach you by 18-Apr-2027.", "2027-04-18", None),
    ("I'll do it by the end of the week.", "2026-11-20", None),
    ("Will pay this evening.", "2026-11-20", None),
    ("I'll settle this when I'm back at my desk on Wednesday.", "2026-11-25", None),
])
def test_date_roles_across_sentences_and_clauses(text: str, promised: str | None, paid: str | None) -> None:
    e = extract_entities(text, reference=FRIDAY).to_json()
    assert (e["promised_date"], e["paid_on"], e["return_date"]) == (promised, paid, None)
