"""Match a customer's message to its conversation: customer, thread and invoices.

In order of trust:
1. `In-Reply-To` / `References` (RFC 5322 section 3.6.4) against the Message-IDs of mail we
   sent (the outbox); a bounce carries the original Message-ID in its attached headers
   (RFC 3464), which is used the same way;
2. invoice numbers named in the message, exact, then fuzzily (rapidfuzz) against the open
   invoices of the sender's customer; then amounts equal to one open balance;
3. the sender's address (a known contact), then its domain (one customer only).
Nothing found -> the message goes to triage with no customer; it is never dropped.

Spoof guard: when the customer was found through headers or invoice numbers but the From
address is neither a known contact nor in the customer's domain, the match is flagged for a
person. Authentication-Results (RFC 8601) saying `dmarc=fail` is flagged too; either flag
stops any automatic sending.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz, process
from sqlalchemy import func, literal, or_, select, text, union, union_all
from sqlalchemy.orm import Session

from assistant.core.statuses import MatchFlag, MatchMethod
from assistant.store.models import ContactRow, CustomerRow, InvoiceRow, OutboxRow

_DMARC = re.compile(r"\bdmarc\s*=\s*(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    customer_pk: int | None
    method: str  # MatchMethod
    invoice_pks: tuple[int, ...] = ()
    outbox_pk: int | None = None
    thread_key: str | None = None
    flags: tuple[str, ...] = field(default=())

    @property
    def known_sender(self) -> bool:
        return self.customer_pk is not None and MatchFlag.SPOOFED_SENDER not in self.flags


def domain_of(address: str | None) -> str:
    return address.rpartition("@")[2].lower() if address and "@" in address else ""


def dmarc_failed(auth_results: Sequence[str]) -> bool:
    """True when any Authentication-Results header reports `dmarc=fail` (RFC 8601 2.7.1)."""
    return any(m.group(1).lower() == "fail" for value in auth_results for m in _DMARC.finditer(value))


def open_invoices(session: Session, customer_pk: int) -> list[InvoiceRow]:
    return list(session.scalars(select(InvoiceRow).where(InvoiceRow.customer_pk == customer_pk,
                                                         InvoiceRow.balance > 0).order_by(InvoiceRow.due_date)))


def customer_addresses(session: Session, customer_pk: int) -> set[str]:
    customer = session.get_one(CustomerRow, customer_pk)
    found = {customer.email.lower()} if customer.email else set()
    found |= {e.lower() for e in session.scalars(select(ContactRow.email).where(ContactRow.customer_pk == customer_pk))}
    return found


def customer_by_sender(session: Session, sender: str | None) -> tuple[int | None, str]:
    """The customer whose contact wrote, else the one customer of that domain."""
    if not sender:
        return None, MatchMethod.NONE
    address = sender.lower()
    # One round trip each: a contact's address wins over a customer's own (rank 0 before 1).
    by_contact = select(ContactRow.customer_pk.label("pk"), literal(0).label("rank")).where(
        func.lower(ContactRow.email) == address).limit(1).subquery()
    by_customer = select(CustomerRow.id.label("pk"), literal(1).label("rank")).where(
        func.lower(CustomerRow.email) == address).limit(1).subquery()
    pk = session.scalar(select(union_all(select(by_contact), select(by_customer)).subquery().c.pk)
                        .order_by(text("rank")).limit(1))
    if pk is not None:
        return pk, MatchMethod.SENDER
    domain = domain_of(address)
    if not domain:
        return None, MatchMethod.NONE
    like = f"%@{domain}"
    pks = set(session.scalars(union(
        select(ContactRow.customer_pk).where(func.lower(ContactRow.email).like(like)),
        select(CustomerRow.id).where(func.lower(CustomerRow.email).like(like)))))
    return (pks.pop(), MatchMethod.DOMAIN) if len(pks) == 1 else (None, MatchMethod.NONE)


@dataclass(frozen=True)
class Sent:
    """The few columns of an outbox row that matching needs (not its bodies)."""

    id: int
    message_id: str
    customer_pk: int | None
    thread_key: str | None
    invoice_pks: list[int]


def by_message_ids(session: Session, ids: Sequence[str]) -> Sent | None:
    """Our outbound message the reply answers; the most recent reference wins."""
    # Message-IDs are compared in their bracketed form (RFC 5322 msg-id: "<" id-left "@" id-right ">").
    wanted = [i if i.startswith("<") else f"<{i.strip()}>" for i in (x.strip() for x in ids if x) if i]
    if not wanted:
        return None
    rows = {r[1]: Sent(*r) for r in session.execute(
        select(OutboxRow.id, OutboxRow.message_id, OutboxRow.customer_pk, OutboxRow.thread_key,
               OutboxRow.invoice_pks).where(OutboxRow.message_id.in_(wanted)))}
    for mid in reversed(wanted):
        if mid in rows:
            return rows[mid]
    return None


def match_message(session: Session, *, sender: str | None, in_reply_to: str | None, references: Sequence[str],
                  bounce_original: str | None, invoice_numbers: Sequence[str], amount: Decimal | None,
                  auth_results: Sequence[str] = (), fuzzy_threshold: int = 90,
                  sender_customer: tuple[int | None, str] | None = None) -> Match:
    """`sender_customer`: `customer_by_sender(session, sender)` when the caller has it already."""
    flags: list[str] = [MatchFlag.DMARC_FAIL] if dmarc_failed(auth_results) else []
    sender_pk, sender_method = sender_customer or customer_by_sender(session, sender)
    outbox: Sent | None = None
    method: str = MatchMethod.NONE
    if bounce_original:
        outbox, method = by_message_ids(session, [bounce_original]), MatchMethod.BOUNCE
    if outbox is None:
        outbox, method = by_message_ids(session, [*references, *([in_reply_to] if in_reply_to else [])]), MatchMethod.HEADER
    customer_pk = outbox.customer_pk if outbox is not None else None
    if customer_pk is None:
        method = MatchMethod.NONE
    named = _named_invoices(session, invoice_numbers, customer_pk or sender_pk, fuzzy_threshold)
    if customer_pk is None and named:
        customer_pk, method = named[0].customer_pk, named[1]
    elif customer_pk is None and sender_pk is not None and amount is not None:
        by_amount = [i for i in open_invoices(session, sender_pk) if amount in (i.balance, i.amount)]
        if len(by_amount) == 1:
            customer_pk, method, named = sender_pk, MatchMethod.AMOUNT, (by_amount[0], MatchMethod.AMOUNT)
    if customer_pk is None and sender_pk is not None:
        customer_pk, method = sender_pk, sender_method
    if customer_pk is None:
        return Match(None, MatchMethod.NONE, flags=tuple([*flags, MatchFlag.UNMATCHED]))
    if method not in (MatchMethod.SENDER, MatchMethod.BOUNCE) and not _from_customer(session, customer_pk, sender):
        flags.append(MatchFlag.SPOOFED_SENDER)
    invoices = _invoices_for(session, customer_pk, named, invoice_numbers, outbox)
    return Match(customer_pk, method, tuple(invoices), outbox.id if outbox else None,
                 outbox.thread_key if outbox else None, tuple(flags))


def _from_customer(session: Session, customer_pk: int, sender: str | None) -> bool:
    if not sender:
        return False
    known = customer_addresses(session, customer_pk)
    return sender.lower() in known or domain_of(sender) in {domain_of(a) for a in known}


def _named_invoices(session: Session, numbers: Sequence[str], customer_pk: int | None,
                    threshold: int) -> tuple[InvoiceRow, str] | tuple[()]:
    """The first invoice named in the text: exactly anywhere in the ledger, else fuzzily
    among the sender's customer's open invoices (a typo such as INV-10021 for INV-1021)."""
    if not numbers:
        return ()
    exact = session.scalars(select(InvoiceRow).where(
        or_(*(func.upper(InvoiceRow.invoice_number) == n.upper() for n in numbers)))).first()
    if exact is not None:
        return exact, MatchMethod.INVOICE
    if customer_pk is None:
        return ()
    candidates = {i.invoice_number: i for i in open_invoices(session, customer_pk)}
    for number in numbers:
        best = process.extractOne(number, list(candidates), scorer=fuzz.ratio, score_cutoff=threshold)
        if best is not None:
            return candidates[best[0]], MatchMethod.FUZZY_INVOICE
    return ()


def _invoices_for(session: Session, customer_pk: int, named: tuple[InvoiceRow, str] | tuple[()],
                  numbers: Sequence[str], outbox: Sent | None) -> list[int]:
    """The invoices the message is about: those it names (of this customer), else those of
    the email it answers, else every open invoice of the customer."""
    wanted = {n.upper() for n in numbers}
    rows = list(session.scalars(select(InvoiceRow).where(InvoiceRow.customer_pk == customer_pk)))
    chosen = [r.id for r in rows if r.invoice_number.upper() in wanted]
    if named and named[0].id not in chosen and named[0].customer_pk == customer_pk:
        chosen.append(named[0].id)
    if chosen:
        return chosen
    if outbox is not None and outbox.invoice_pks:
        return [pk for pk in outbox.invoice_pks if any(r.id == pk for r in rows)]
    return [r.id for r in rows if r.balance > 0]
