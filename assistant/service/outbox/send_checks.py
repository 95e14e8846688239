"""The last look at the ledger right before an email goes out.

Between planning and sending a payment may arrive, a dispute may be opened, the customer
may opt out or an address may bounce. Every outbox row is checked again inside the
transaction that claims it for sending.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.core.business_days import local_now
from assistant.core.statuses import ContactStatus, OutboxKind, SkipReason
from assistant.service.holds import active_holds
from assistant.store.models import ContactRow, CustomerRow, InvoiceRow, OutboxRow


def bounced_addresses(session: Session, addresses: list[str]) -> set[str]:
    lowered = sorted({a.lower() for a in addresses})
    if not lowered:
        return set()
    stmt = select(func.lower(ContactRow.email)).where(func.lower(ContactRow.email).in_(lowered),
                                                       ContactRow.status == ContactStatus.BOUNCED)
    return set(session.scalars(stmt))


def recheck(session: Session, row: OutboxRow, now: datetime) -> tuple[list[str], list[str], str | None]:
    """(to, cc, None) to send to, with bounced addresses dropped; or a reason not to send."""
    bounced = bounced_addresses(session, [*row.to_addrs, *row.cc_addrs])
    to = [a for a in row.to_addrs if a.lower() not in bounced]
    cc = [a for a in row.cc_addrs if a.lower() not in bounced]
    if not to:
        if not cc:
            return [], [], SkipReason.BOUNCED
        to, cc = cc[:1], cc[1:]
    if row.kind != OutboxKind.REMINDER:
        return to, cc, None
    today = now.date()
    if row.customer_pk is not None:
        customer = session.get(CustomerRow, row.customer_pk)
        if customer is None:
            return to, cc, SkipReason.CUSTOMER_DELETED
        if customer.opted_out:
            return to, cc, SkipReason.OPTED_OUT
        today = local_now(now, customer.timezone, "UTC").date()
    invoices = list(session.scalars(select(InvoiceRow).where(InvoiceRow.id.in_(row.invoice_pks))))
    if len(invoices) != len(row.invoice_pks):
        return to, cc, SkipReason.INVOICE_DELETED
    if any(inv.balance <= 0 for inv in invoices):
        return to, cc, SkipReason.PAID
    holds = active_holds(session, row.invoice_pks, today)
    if holds:
        reasons = sorted({r for rs in holds.values() for r in rs})
        return to, cc, f"hold-{reasons[0]}"
    return to, cc, None
