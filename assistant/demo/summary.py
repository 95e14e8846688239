"""What the demo loop did, read back from the store: sent, received, understood, suggested."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from sqlalchemy import select

from assistant.core.statuses import InboundStatus, OutboxKind, OutboxStatus
from assistant.demo.loop import DemoEnv
from assistant.store.db import transaction
from assistant.store.models import (
    AuditRow,
    CustomerRow,
    InboundMessageRow,
    OutboxRow,
    SuggestionRow,
)


@dataclass
class Understood:
    file: str
    customer_id: str | None
    threaded: bool
    status: str
    intents: list[str]
    match: str
    suggestions: int


@dataclass
class Summary:
    passes: int
    sent: int
    sent_by_customer: dict[str, int]
    caught: int
    received: int
    quarantined: int
    understood: list[Understood]
    suggested: Counter[str]
    digest: dict[str, Any] | None = None

    @property
    def intents(self) -> list[str]:
        return sorted({i for u in self.understood for i in u.intents})

    def as_json(self) -> dict[str, Any]:
        return {"passes": self.passes, "sent": self.sent, "caught_by_smtp": self.caught,
                "received": self.received, "quarantined": self.quarantined, "intents": self.intents,
                "understood": [u.__dict__ for u in self.understood],
                "suggested": dict(sorted(self.suggested.items())), "digest": self.digest}

    def lines(self) -> list[str]:
        out = [f"sent:       {self.sent} reminders in {self.passes} dunning passes "
               f"to {len(self.sent_by_customer)} customers (the SMTP server caught {self.caught} emails in all)",
               f"received:   {self.received} replies read over IMAP ({self.quarantined} quarantined)",
               "understood:"]
        for u in self.understood:
            thread = "threaded" if u.threaded else "not threaded (no reminder sent)"
            out.append(f"  {u.file:<24} {u.customer_id or '-':<5} {', '.join(u.intents) or '(not handled)':<28} "
                       f"match={u.match:<12} {thread}, {u.suggestions} suggestion(s)")
        out.append(f"intents handled: {', '.join(self.intents) or 'none'}")
        suggested = ", ".join(f"{n} {action}" for action, n in sorted(self.suggested.items()))
        out.append(f"suggested:  {sum(self.suggested.values())} ({suggested or 'none'})")
        if self.digest is not None:
            out.append(f"digest:     \"{self.digest['subject']}\" emailed to {self.digest['to']} "
                       f"({self.digest['sent']} sent; also {self.digest['file']})")
        return out


def summarize(env: DemoEnv) -> Summary:

    caught = env.smtp.caught()
    by_customer: Counter[str] = Counter()
    with transaction(env.engine) as session:
        sent_rows = session.execute(select(CustomerRow.customer_id)
                                    .join(OutboxRow, OutboxRow.customer_pk == CustomerRow.id)
                                    .where(OutboxRow.kind == OutboxKind.REMINDER, OutboxRow.status == OutboxStatus.SENT)).all()
        by_customer.update(cid for (cid,) in sent_rows)
        inbound = list(session.scalars(select(InboundMessageRow).order_by(InboundMessageRow.uid)))
        audits = {a.subject_id: a.detail for a in session.scalars(
            select(AuditRow).where(AuditRow.action == "reply.handled", AuditRow.subject_type == "inbound"))}
        suggestions = list(session.scalars(select(SuggestionRow).order_by(SuggestionRow.id)))
        by_uid = {row.uid: row for row in inbound}
        understood: list[Understood] = []
        for appended in env.appended:
            row = by_uid.get(appended.uid or -1)
            if row is None:
                understood.append(Understood(appended.file, appended.customer_id, appended.threaded_on is not None,
                                             "not read", [], "-", 0))
                continue
            detail = audits.get(str(row.id), {})
            mine = [s for s in suggestions if s.inbound_pk == row.id]
            intents = [str(detail["intent"])] if detail.get("intent") else []
            intents += [s.intent for s in mine if s.intent not in intents]
            understood.append(Understood(appended.file, appended.customer_id, appended.threaded_on is not None,
                                         row.status, intents, str(detail.get("match", "-")), len(mine)))
    return Summary(passes=len(env.passes), sent=sum(by_customer.values()), sent_by_customer=dict(by_customer),
                   caught=len(caught), received=len(inbound),
                   quarantined=sum(1 for r in inbound if r.status == InboundStatus.QUARANTINED), understood=understood,
                   suggested=Counter(s.action for s in suggestions), digest=env.digest)


def recipients(env: DemoEnv) -> list[str]:
    return sorted({parseaddr(a)[1] for c in env.smtp.caught() for a in c.rcpt_tos})
