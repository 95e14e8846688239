"""The lookups made for every inbound message are served by indexes, on both backends."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, Select, func, or_, select, text

from assistant.store.models import ContactRow, CustomerRow, InvoiceRow

LOOKUPS: dict[str, Select[Any]] = {
    "ix_contacts_email_lower": select(ContactRow.customer_pk).where(func.lower(ContactRow.email) == "ap@x.example"),
    "ix_customers_email_lower": select(CustomerRow.id).where(func.lower(CustomerRow.email) == "ap@x.example"),
    "ix_invoices_number_upper": select(InvoiceRow.id).where(or_(
        func.upper(InvoiceRow.invoice_number) == "INV-1", func.upper(InvoiceRow.invoice_number) == "INV-2")),
}


@pytest.mark.parametrize("index", sorted(LOOKUPS))
def test_reply_lookup_uses_its_index(engine: Engine, index: str) -> None:
    sql = str(LOOKUPS[index].compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            plan = " ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
        else:
            # The test tables are nearly empty, where a sequential scan is cheapest: forbid it
            # to see whether the index can serve the expression at all.
            conn.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(str(r[0]) for r in conn.execute(text("EXPLAIN " + sql)))
    assert index in plan
