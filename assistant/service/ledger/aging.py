"""Read-only ledger questions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, select

from assistant.core.ledger import AgingSummary, Invoice
from assistant.store.db import session_factory
from assistant.store.models import CustomerRow, InvoiceRow


def aging_summary(engine: Engine, today: date) -> AgingSummary:
    summary = AgingSummary()
    stmt = (select(InvoiceRow, CustomerRow.customer_id).join(CustomerRow, CustomerRow.id == InvoiceRow.customer_pk)
            .where(InvoiceRow.balance > 0))
    with session_factory(engine)() as session:
        for row, customer_id in session.execute(stmt).all():
            summary.add(invoice_value(row, customer_id), today)
    return summary


def invoice_value(row: InvoiceRow, customer_id: str) -> Invoice:
    return Invoice(row.invoice_number, customer_id, row.issue_date, row.due_date, Decimal(row.amount),
                   row.currency, Decimal(row.balance), row.pdf_path, row.po_number)
