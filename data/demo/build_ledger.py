"""Builds the demo ledger (customers.csv, invoices.csv, payments.csv) reproducibly.

Anchored at 2026-11-20: due dates spread from 60 days ahead to 120 days overdue so every
aging bucket and every dunning step has invoices. Run: python data/demo/build_ledger.py
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ANCHOR = date(2026, 11, 20)
HERE = Path(__file__).resolve().parent

# (id, name, domain, contact, language, timezone, country, segment, currency)
CUSTOMERS = [
    ("C001", "Hartmann Logistik GmbH", "hartmann-logistik.example", "buchhaltung", "de", "Europe/Berlin", "DE", "good", "EUR"),
    ("C002", "Boulangerie Moreau SARL", "moreau-boulangerie.example", "compta", "fr", "Europe/Paris", "FR", "new", "EUR"),
    ("C003", "Northwind Traders Ltd", "northwind.example", "accounts.payable", "en", "Europe/London", "GB", "good", "GBP"),
    ("C004", "Pinecrest Dental Group", "pinecrestdental.example", "billing", "en", "America/Chicago", "US", "chronic", "USD"),
    ("C005", "Construcciones Ibarra S.L.", "ibarra-construcciones.example", "facturas", "es", "Europe/Madrid", "ES", "chronic", "EUR"),
    ("C006", "Van Dijk Installatietechniek BV", "vandijk-installatie.example", "crediteuren", "en", "Europe/Amsterdam", "NL", "good", "EUR"),
    ("C007", "Blue Harbor Marine Supply", "blueharbor.example", "ap", "en", "America/New_York", "US", "good", "USD"),
    ("C008", "Alpenblick Hotels AG", "alpenblick-hotels.example", "kreditoren", "de", "Europe/Zurich", "CH", "new", "CHF"),
    ("C009", "Kestrel Software Pty Ltd", "kestrelsoftware.example", "finance", "en", "Australia/Sydney", "AU", "good", "AUD"),
    ("C010", "Maple Leaf Print & Copy", "mapleleafprint.example", "accounting", "en", "America/Toronto", "CA", "chronic", "CAD"),
    ("C011", "Studio Bianchi Architetti", "studiobianchi.example", "amministrazione", "en", "Europe/Rome", "IT", "new", "EUR"),
    ("C012", "Greenfield Organic Farms", "greenfieldfarms.example", "office", "en", "America/Denver", "US", "chronic", "USD"),
    ("C013", "Schneider & Söhne KG", "schneider-soehne.example", "rechnungen", "de", "Europe/Vienna", "AT", "good", "EUR"),
    ("C014", "Atelier Lefèvre", "atelier-lefevre.example", "contact", "fr", "Europe/Brussels", "BE", "good", "EUR"),
    ("C015", "Redwood Analytics Inc", "redwoodanalytics.example", "ap", "en", "America/Los_Angeles", "US", "good", "USD"),
    ("C016", "Harbourside Café", "harbourside-cafe.example", "owner", "en", "Europe/Dublin", "IE", "new", "EUR"),
    ("C017", "Distribuciones Córdoba S.A.", "dist-cordoba.example", "pagos", "es", "Europe/Madrid", "ES", "good", "EUR"),
    ("C018", "Fjord Outdoor AS", "fjordoutdoor.example", "faktura", "en", "Europe/Oslo", "NO", "good", "NOK"),
    ("C019", "Summit Physio Clinic", "summitphysio.example", "admin", "en", "Europe/London", "GB", "chronic", "GBP"),
    ("C020", "Lumière Événements", "lumiere-evenements.example", "factures", "fr", "Europe/Paris", "FR", "chronic", "EUR"),
    ("C021", "Oakridge Property Management", "oakridgepm.example", "payables", "en", "America/New_York", "US", "good", "USD"),
    ("C022", "Weber Maschinenbau GmbH", "weber-maschinenbau.example", "ap", "de", "Europe/Berlin", "DE", "chronic", "EUR"),
    ("C023", "Coastal Kitchens Ltd", "coastalkitchens.example", "accounts", "en", "Europe/London", "GB", "new", "GBP"),
    ("C024", "Nordlicht Medien GmbH", "nordlicht-medien.example", "finanzen", "de", "Europe/Berlin", "DE", "good", "EUR"),
    ("C025", "Sakura Trading Co", "sakuratrading.example", "keiri", "en", "Asia/Tokyo", "JP", "good", "JPY"),
    ("C026", "Prairie Wind Energy LLC", "prairiewind.example", "ap", "en", "America/Chicago", "US", "new", "USD"),
    ("C027", "Jardins de Provence", "jardins-provence.example", "gestion", "fr", "Europe/Paris", "FR", "good", "EUR"),
    ("C028", "Hollis & Grant Solicitors", "hollisgrant.example", "accounts", "en", "Europe/London", "GB", "good", "GBP"),
    ("C029", "Taller Mecánico Ruiz", "taller-ruiz.example", "taller", "es", "Atlantic/Canary", "ES", "chronic", "EUR"),
    ("C030", "Brightside Home Care", "brightsidecare.example", "finance", "en", "America/Phoenix", "US", "new", "USD"),
]

# Days overdue on ANCHOR (negative: not yet due); covers each dunning step and bucket.
OFFSETS = [-45, -20, -10, -3, -1, 0, 1, 3, 7, 10, 14, 20, 30, 38, 45, 52, 65, 80, 95, 120]


def main() -> None:
    rng = random.Random(20261120)
    customers, invoices, payments = [], [], []
    for cid, name, domain, box, lang, tz, country, segment, _ in CUSTOMERS:
        cc = f"controller@{domain}" if rng.random() < 0.3 else ""
        customers.append([cid, name, f"{box}@{domain}", cc, lang, tz, country, segment])
    number = 1000
    for i in range(120):
        cust = CUSTOMERS[i % len(CUSTOMERS)]
        currency = cust[8]
        offset = OFFSETS[(i * 7 + i // len(CUSTOMERS)) % len(OFFSETS)]
        terms = rng.choice([14, 30, 30, 30, 45, 60])
        due = ANCHOR - timedelta(days=offset)
        issue = due - timedelta(days=terms)
        scale = 100 if currency == "JPY" else 1
        amount = (Decimal(rng.randrange(12000, 950000)) / 100 * scale).quantize(Decimal("1" if scale > 1 else "0.01"))
        number += rng.randint(1, 9)
        inv = f"INV-{number}"
        po = f"PO-{rng.randint(40000, 49999)}" if rng.random() < 0.4 else ""
        invoices.append([inv, cust[0], issue.isoformat(), due.isoformat(), str(amount), currency, "", "", po])
        # Some customers paid in full, some in part, a few overpaid nothing: a lived-in ledger.
        roll = rng.random()
        if offset > 0 and roll < 0.18:
            payments.append([inv, str(amount), (due + timedelta(days=rng.randint(0, offset))).isoformat(),
                             f"TRF-{rng.randint(100000, 999999)}", "wire"])
        elif offset > 10 and roll < 0.28:
            part = (amount / 2).quantize(Decimal("0.01") if scale == 1 else Decimal("1"))
            payments.append([inv, str(part), (due + timedelta(days=rng.randint(1, offset))).isoformat(),
                             f"SEPA-{rng.randint(10000000, 99999999)}", "sepa"])
    write("customers.csv", ["customer_id", "name", "email", "cc", "language", "timezone", "country", "segment"], customers)
    write("invoices.csv", ["invoice_number", "customer_id", "issue_date", "due_date", "amount", "currency",
                           "balance", "pdf_path", "po_number"], invoices)
    write("payments.csv", ["invoice_number", "amount", "paid_on", "reference", "method"], payments)


def write(name: str, header: list[str], rows: list[list[str]]) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


if __name__ == "__main__":
    main()
