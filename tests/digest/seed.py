"""A constructed ledger and conversation history for the digest, written straight into the
store. The golden figures in test_digest_build.py are worked out by hand from these rows.

NOW is Monday 2026-11-23 09:00 UTC; "this week" is [11-16 09:00, 11-23 09:00), the
previous week the seven days before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import Engine

from assistant.store.db import transaction
from assistant.store.models import (
    ContactRow,
    ConversationEventRow,
    CustomerRow,
    DisputeRow,
    HoldRow,
    InboundMessageRow,
    InstalmentRow,
    InvoiceRow,
    InvoiceStateRow,
    OutboxRow,
    PaymentPlanRow,
    PaymentRow,
    PromiseRow,
    SuggestionRow,
    ThreadRow,
    VerificationRow,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Seeded:
    customers: dict[str, int] = field(default_factory=dict)
    invoices: dict[str, int] = field(default_factory=dict)
    threads: dict[str, int] = field(default_factory=dict)
    inbound: dict[str, int] = field(default_factory=dict)
    suggestions: dict[str, int] = field(default_factory=dict)


class _Writer:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seeded = Seeded()
        self._uid = 0
        self._outbox = 0

    def customer(self, cid: str, *, bounced: bool = False) -> int:
        with transaction(self.engine) as s:
            row = CustomerRow(customer_id=cid, name=f"{cid} Ltd", email=f"ap@{cid.lower()}.example", language="en",
                              timezone="Europe/London", country="GB", segment=None, opted_out=False,
                              created_at=T0, updated_at=T0)
            s.add(row)
            s.flush()
            s.add(ContactRow(customer_pk=row.id, email=row.email, role="billing",
                             status="bounced" if bounced else "active", source="import",
                             status_reason="550 5.1.1 user unknown" if bounced else None,
                             created_at=T0, updated_at=at(11, 19, 14) if bounced else T0))
            self.seeded.customers[cid] = row.id
            return row.id

    def invoice(self, number: str, cid: str, issued: date, due: date, amount: str, balance: str) -> int:
        with transaction(self.engine) as s:
            row = InvoiceRow(invoice_number=number, customer_pk=self.seeded.customers[cid], issue_date=issued,
                             due_date=due, amount=Decimal(amount), currency="EUR", balance=Decimal(balance),
                             balance_from_ledger=False, pdf_path=None, po_number=None, created_at=T0, updated_at=T0)
            s.add(row)
            s.flush()
            self.seeded.invoices[number] = row.id
            return row.id

    def payment(self, number: str, amount: str, paid_on: date) -> None:
        with transaction(self.engine) as s:
            s.add(PaymentRow(invoice_pk=self.seeded.invoices[number], amount=Decimal(amount), paid_on=paid_on,
                             reference=f"ref-{number}", method=None, created_at=T0))

    def thread(self, name: str, cid: str | None, status: str = "open") -> int:
        with transaction(self.engine) as s:
            row = ThreadRow(thread_key=f"dunning:{cid}" if cid else f"triage:{name}",
                            customer_pk=self.seeded.customers[cid] if cid else None, subject=f"Invoices of {cid}",
                            status=status, last_message_at=None, created_at=T0, updated_at=T0)
            s.add(row)
            s.flush()
            self.seeded.threads[name] = row.id
            return row.id

    def state(self, number: str, thread: str, state: str) -> None:
        with transaction(self.engine) as s:
            s.add(InvoiceStateRow(invoice_pk=self.seeded.invoices[number], thread_pk=self.seeded.threads[thread],
                                  state=state, updated_at=T0))

    def inbound(self, name: str, received: datetime, status: str = "processed", reason: str | None = None) -> int:
        self._uid += 1
        raw = f"Message-ID: <{name}@customer.example>\r\nSubject: {name}\r\n\r\nbody\r\n".encode()
        with transaction(self.engine) as s:
            row = InboundMessageRow(mailbox="INBOX", uidvalidity=1, uid=self._uid,
                                    message_id=f"<{name}@customer.example>", message_key=f"<{name}@customer.example>",
                                    sha256=hashlib.sha256(raw).hexdigest(), size=len(raw), raw=raw, server_date=None,
                                    received_at=received, status=status, reason=reason,
                                    error="cannot parse" if reason else None, processed_at=None, flagged_at=None,
                                    updated_at=received)
            s.add(row)
            s.flush()
            self.seeded.inbound[name] = row.id
            return row.id

    def event(self, thread: str, number: str, inbound: str, intent: str, when: datetime) -> None:
        with transaction(self.engine) as s:
            s.add(ConversationEventRow(thread_pk=self.seeded.threads[thread], invoice_pk=self.seeded.invoices[number],
                                       inbound_pk=self.seeded.inbound[inbound], event=f"reply_classified:{intent}",
                                       from_state="reminded", to_state="reminded", intent=intent, confidence=0.9,
                                       evidence="", detail={}, actor="system", at=when))

    def sent(self, thread_key: str, kind: str, when: datetime) -> int:
        self._outbox += 1
        with transaction(self.engine) as s:
            row = OutboxRow(key=f"seed:{self._outbox}", kind=kind, status="sent", customer_pk=None,
                            thread_key=thread_key, step=None, invoice_pks=[],
                            message_id=f"<seed-{self._outbox}.ar@billing.example>", in_reply_to=None,
                            references=None, from_addr="ar@billing.example", to_addrs=["ap@x.example"], cc_addrs=[],
                            subject="s", body_text="b", body_html=None, attachments=[], attempts=1,
                            next_attempt_at=when, claimed_at=when, sent_at=when, error=None, created_at=when,
                            updated_at=when)
            s.add(row)
            s.flush()
            return row.id

    def suggestion(self, name: str, thread: str, inbound: str | None, intent: str, status: str, created: datetime,
                   decided: datetime | None = None, edited: bool = False, outbox_pk: int | None = None) -> int:
        with transaction(self.engine) as s:
            thread_row = s.get_one(ThreadRow, self.seeded.threads[thread])
            row = SuggestionRow(thread_pk=thread_row.id, customer_pk=thread_row.customer_pk,
                                inbound_pk=self.seeded.inbound[inbound] if inbound else None, invoice_pks=[],
                                invoice_numbers=[], intent=intent, action=f"answer-{intent}", status=status,
                                language="en", to_addrs=[], subject="Re", body="b", drafted_body="b", attachments=[],
                                in_reply_to=None, references=None, due=None, confidence=0.9, evidence=None,
                                flags=[], edited=edited, decided_by="alex" if decided else None, decided_at=decided,
                                reason=None, outbox_pk=outbox_pk, created_at=created)
            s.add(row)
            s.flush()
            self.seeded.suggestions[name] = row.id
            return row.id


def seed(engine: Engine) -> Seeded:
    w = _Writer(engine)
    for cid in ("A", "B", "C", "E"):
        w.customer(cid)
    w.customer("D", bounced=True)
    # Aging at 2026-11-23: current 1000, 1-30 1500, 31-60 3000, 61-90 4000, 90+ 5000 (EUR).
    w.invoice("INV-A1", "A", date(2026, 11, 1), date(2026, 12, 1), "1000.00", "1000.00")
    w.invoice("INV-A2", "A", date(2026, 10, 1), date(2026, 11, 10), "2000.00", "1500.00")
    w.payment("INV-A2", "500.00", date(2026, 11, 20))
    w.invoice("INV-B1", "B", date(2026, 9, 1), date(2026, 10, 1), "3000.00", "3000.00")
    w.invoice("INV-B2", "B", date(2026, 8, 1), date(2026, 9, 1), "4000.00", "4000.00")
    w.invoice("INV-C1", "C", date(2026, 6, 1), date(2026, 7, 1), "5000.00", "5000.00")
    w.invoice("INV-C2", "C", date(2026, 11, 2), date(2026, 11, 16), "800.00", "0.00")
    w.payment("INV-C2", "800.00", date(2026, 11, 18))
    w.invoice("INV-E1", "E", date(2026, 11, 2), date(2026, 11, 16), "0.00", "0.00")

    # A: promised to pay INV-A2 on 11-25; then a message read as "other" whose reply was rejected.
    w.thread("A", "A")
    w.state("INV-A2", "A", "promised")
    w.inbound("m1", at(11, 20, 10))
    w.event("A", "INV-A2", "m1", "scheduled", at(11, 20, 10))
    reply_a = w.sent("dunning:A", "reply", at(11, 20, 12, 30))
    w.suggestion("s1", "A", "m1", "scheduled", "sent", at(11, 20, 10, 1), at(11, 20, 12), outbox_pk=reply_a)
    w.inbound("m4", at(11, 21, 9))
    w.suggestion("s4", "A", "m4", "other", "rejected", at(11, 21, 9, 1), at(11, 21, 10))
    with transaction(engine) as s:
        s.add(PromiseRow(invoice_pk=w.seeded.invoices["INV-A2"], thread_pk=w.seeded.threads["A"],
                         promised_date=date(2026, 11, 25), amount=Decimal("1500.00"), currency="EUR", status="open",
                         created_at=at(11, 20, 10), resolved_at=None))
        s.add(VerificationRow(invoice_pk=w.seeded.invoices["INV-A2"], thread_pk=w.seeded.threads["A"],
                              kind="promise", due_date=date(2026, 11, 28), status="pending", outcome=None,
                              created_at=at(11, 20, 10), done_at=None))

    # B: INV-B1 disputed since 11-01 (owner dana); the suggested acknowledgement waits 144 h.
    w.thread("B", "B")
    w.state("INV-B1", "B", "disputed")
    w.state("INV-B2", "B", "reminded")
    w.sent("dunning:B", "reminder", at(11, 10, 9))
    w.inbound("m2", at(11, 17, 8))
    w.event("B", "INV-B1", "m2", "dispute", at(11, 17, 8))
    w.suggestion("s2", "B", "m2", "dispute", "pending", at(11, 17, 8, 5))
    w.suggestion("s5", "B", None, "dispute", "pending", at(11, 23, 8))  # under 24 h: not listed
    with transaction(engine) as s:
        s.add(DisputeRow(invoice_pk=w.seeded.invoices["INV-B1"], thread_pk=w.seeded.threads["B"],
                         reason="wrong quantity", owner="dana", status="open", created_at=at(11, 1, 12),
                         resolved_at=None))
        s.add(DisputeRow(invoice_pk=w.seeded.invoices["INV-B2"], thread_pk=w.seeded.threads["B"],
                         reason="recent", owner="dana", status="open", created_at=at(11, 20, 12), resolved_at=None))
        s.add(ContactRow(customer_pk=w.seeded.customers["B"], email="old@b.example", role="cc", status="bounced",
                         source="import", status_reason="gone", created_at=T0, updated_at=T0))

    # C: a payment plan whose first instalment (11-15) is unpaid; a promise broken on 11-18;
    # the previous week's reply was approved after an edit.
    w.thread("C", "C")
    w.state("INV-C1", "C", "plan_active")
    w.inbound("m3", at(11, 10, 10))
    w.event("C", "INV-C1", "m3", "cannot-pay", at(11, 10, 10))
    reply_c = w.sent("dunning:C", "reply", at(11, 10, 11, 30))
    w.suggestion("s3", "C", "m3", "cannot-pay", "sent", at(11, 10, 10, 1), at(11, 10, 11), edited=True,
                 outbox_pk=reply_c)
    with transaction(engine) as s:
        plan = PaymentPlanRow(thread_pk=w.seeded.threads["C"], customer_pk=w.seeded.customers["C"],
                              invoice_pks=[w.seeded.invoices["INV-C1"]], status="active", total=Decimal("5000.00"),
                              currency="EUR", created_at=at(10, 20), accepted_at=at(10, 21))
        s.add(plan)
        s.flush()
        s.add(InstalmentRow(plan_pk=plan.id, number=1, due_date=date(2026, 11, 15), amount=Decimal("2500.00"),
                            remind_on=date(2026, 11, 12), status="reminded", reminded_at=at(11, 12, 9)))
        s.add(InstalmentRow(plan_pk=plan.id, number=2, due_date=date(2026, 12, 15), amount=Decimal("2500.00"),
                            remind_on=date(2026, 12, 12), status="scheduled", reminded_at=None))
        s.add(PromiseRow(invoice_pk=w.seeded.invoices["INV-C1"], thread_pk=w.seeded.threads["C"],
                         promised_date=date(2026, 11, 12), amount=None, currency=None, status="broken",
                         created_at=at(11, 5), resolved_at=at(11, 18, 6)))

    # What the conversation engine holds: dunning waits for the promise, the dispute, the plan.
    with transaction(engine) as s:
        for number, reason, until in (("INV-A2", "promise", date(2026, 11, 28)), ("INV-B1", "dispute", None),
                                      ("INV-C1", "plan", None)):
            s.add(HoldRow(invoice_pk=w.seeded.invoices[number], reason=reason, until=until, active=True,
                          source="conversation", note=None, created_at=at(11, 1), released_at=None))

    # Settled or closed conversations are not listed.
    w.thread("E", "E")
    w.state("INV-E1", "E", "paid")
    w.thread("closed", None, status="closed")
    w.inbound("bad", at(11, 22, 7), status="quarantined", reason="unparseable")
    return w.seeded
