"""Delivering the outbox: send what is due, record each outcome, never send a row twice.

`deliver_due` sends what is due, one pass at a time across processes (`pass_lock`); it
first turns rows left in 'sending' by a crashed process into 'unknown' for a person to
check, because the server may or may not have accepted them and sending again could mean
a duplicate reminder. The connection to the mail server comes from the caller (`connect`),
so this use case knows no SMTP settings.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from assistant.core.business_days import in_send_window, local_now
from assistant.core.policy import Policy
from assistant.core.statuses import ContactStatus, OutboxKind, OutboxStatus, SuggestionStatus
from assistant.mail.smtp_outbox import SendOutcome, SendResult
from assistant.service.dunning.policy_file import load_for
from assistant.service.outbox.messages import message_for
from assistant.service.outbox.send_checks import recheck
from assistant.settings import Settings
from assistant.store.db import session_factory, transaction
from assistant.store.models import (
    AuditRow,
    ContactRow,
    CustomerRow,
    OutboxRow,
    ReminderSentRow,
    SuggestionRow,
)
from assistant.store.pass_lock import pass_lock

log = logging.getLogger(__name__)
BATCH = 200


class MailSender(Protocol):
    """One connection to the mail server for a pass (`assistant.mail.smtp_outbox.SmtpSender`)."""

    connections_opened: int

    def send(self, msg: EmailMessage, sender: str, recipients: list[str]) -> SendResult: ...

    def close(self) -> None: ...


Connect = Callable[[], MailSender]


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unknown: int = 0
    busy: bool = False
    cancelled: Counter[str] = field(default_factory=Counter)
    connections: int = 0
    # The server was unreachable: the pass stopped early; the rest stays queued for the next.
    deferred: bool = False
    waiting: int = 0  # reminders left queued until their customer's send window opens


def deliver_due(engine: Engine, settings: Settings, now: datetime, connect: Connect, *,
                limit: int | None = None, window: Policy | None = None) -> DeliveryReport:
    """Send every queued email whose time has come over one connection from `connect`
    (opened when the first message goes out); see the module docstring.

    Reminders also wait for their customer's send window (a retry after a 4xx near the end
    of the day goes out the next working morning); `window` is the dunning policy, read
    from the settings when not given.
    """
    report = DeliveryReport()
    policy = window or load_for(settings, check_templates=False).policy
    with pass_lock(engine, "outbox") as held:
        if not held:
            report.busy = True
            return report
        report.unknown = flag_orphans(engine, now)
        sender = connect()
        try:
            last_id = 0
            done = 0
            while limit is None or done < limit:
                with session_factory(engine)() as session:
                    ids = list(session.scalars(
                        select(OutboxRow.id).where(OutboxRow.status == OutboxStatus.QUEUED, OutboxRow.id > last_id,
                                                   OutboxRow.next_attempt_at <= now)
                        .order_by(OutboxRow.id).limit(BATCH)))
                if not ids:
                    break
                for outbox_pk in ids:
                    if limit is not None and done >= limit:
                        break
                    _deliver_one(engine, settings, sender, outbox_pk, now, report, policy)
                    done += 1
                    if report.deferred:
                        break
                if report.deferred:
                    break
                last_id = ids[-1]
        finally:
            sender.close()
        report.connections = sender.connections_opened
    return report


def flag_orphans(engine: Engine, now: datetime) -> int:
    """Rows in 'sending' while we hold the pass lock were left by a dead process."""
    with transaction(engine) as session:
        rows = list(session.scalars(select(OutboxRow).where(OutboxRow.status == OutboxStatus.SENDING)))
        for row in rows:
            row.status = OutboxStatus.UNKNOWN
            row.error = "outcome unknown: the sending process stopped before recording the result; check the sent folder, then resend or close"
            row.updated_at = now
            session.add(AuditRow(at=now, actor="system", action="outbox.unknown", subject_type="outbox",
                                 subject_id=str(row.id), detail={"key": row.key, "message_id": row.message_id}))
    return len(rows)


def _deliver_one(engine: Engine, settings: Settings, sender: MailSender, outbox_pk: int, now: datetime,
                 report: DeliveryReport, policy: Policy) -> None:
    with transaction(engine) as session:
        row = session.scalar(select(OutboxRow).where(OutboxRow.id == outbox_pk,
                                                     OutboxRow.status == OutboxStatus.QUEUED))
        if row is None:
            return
        if row.kind == OutboxKind.REMINDER and not _in_window(session, row, policy, now):
            report.waiting += 1
            return
        to, cc, reason = recheck(session, row, now)
        if reason is not None:
            _cancel(session, row, reason, now)
            report.cancelled[reason] += 1
            return
        row.to_addrs, row.cc_addrs = to, cc
        row.from_addr = settings.smtp.from_address  # the configured sender at the time of sending
        try:
            msg = message_for(session, settings, row, now)
        except (OSError, LookupError, ValueError) as exc:
            row.status, row.error, row.updated_at = OutboxStatus.FAILED, f"cannot build the message: {exc}", now
            report.failed += 1
            return
        row.status, row.attempts, row.claimed_at, row.updated_at = OutboxStatus.SENDING, row.attempts + 1, now, now
        envelope = [*to, *cc]
    # Committed as 'sending' before the first byte goes out: a crash from here on leaves
    # the row for `flag_orphans`, never for a second send.
    result = sender.send(msg, settings.smtp.from_address, envelope)
    with transaction(engine) as session:
        row = session.get_one(OutboxRow, outbox_pk)
        _record(session, settings, row, result, now, report)
    report.deferred = result.unreachable


def _in_window(session: Session, row: OutboxRow, policy: Policy, now: datetime) -> bool:
    customer = session.get(CustomerRow, row.customer_pk) if row.customer_pk is not None else None
    if customer is None:
        return True
    local = local_now(now, customer.timezone, policy.default_timezone)
    return in_send_window(local, customer.country, policy.window)


def _cancel(session: Session, row: OutboxRow, reason: str, now: datetime) -> None:
    row.status, row.error, row.updated_at = OutboxStatus.CANCELLED, f"not sent: {reason}", now
    # Free the key and the reminder steps so the next pass plans afresh for what is
    # still open (the email's invoice list would be wrong now).
    row.key = f"{row.key}#cancelled-{row.id}"[:255]
    session.execute(delete(ReminderSentRow).where(ReminderSentRow.outbox_pk == row.id))


def _record(session: Session, settings: Settings, row: OutboxRow, result: SendResult, now: datetime,
            report: DeliveryReport) -> None:
    row.updated_at = now
    bounced = [a for a, code in result.refused.items() if code >= 500]
    if bounced:
        _mark_bounced(session, bounced, result.error or "refused at RCPT TO", now)
    if result.outcome == SendOutcome.SENT:
        row.status, row.sent_at = OutboxStatus.SENT, now
        row.error = f"refused: {', '.join(result.refused)}" if result.refused else None
        report.sent += 1
        if row.kind == OutboxKind.REPLY:
            # The approved suggestion behind this reply is now sent, in the same transaction.
            session.execute(update(SuggestionRow).where(SuggestionRow.outbox_pk == row.id,
                                                        SuggestionRow.status == SuggestionStatus.APPROVED)
                            .values(status=SuggestionStatus.SENT))
    elif result.outcome == SendOutcome.PERMANENT:
        row.status, row.error = OutboxStatus.FAILED, result.error
        report.failed += 1
    elif row.attempts >= settings.dunning.max_attempts:
        row.status, row.error = OutboxStatus.FAILED, f"gave up after {row.attempts} attempts: {result.error}"
        report.failed += 1
    else:
        # Exponential backoff (RFC 5321 section 4.5.4.1 asks for at least 30 minutes
        # between retries of one message by an MTA; we are a client, the base is a setting).
        delay = settings.dunning.retry_base_seconds * 2 ** (row.attempts - 1)
        row.status, row.error = OutboxStatus.QUEUED, result.error
        row.next_attempt_at = now + timedelta(seconds=delay)
        report.retried += 1


def _mark_bounced(session: Session, addresses: list[str], reason: str, now: datetime) -> None:
    lowered = [a.lower() for a in addresses]
    session.execute(update(ContactRow).where(func.lower(ContactRow.email).in_(lowered))
                    .values(status=ContactStatus.BOUNCED, status_reason=reason[:1000], updated_at=now))
    for address in addresses:
        session.add(AuditRow(at=now, actor="system", action="contact.bounced", subject_type="contact",
                             subject_id=address, detail={"reason": reason[:1000]}))
