"""The outbox: every email we send is written here, under a unique key, before sending.

`enqueue` is idempotent on the key, so planning the same reminder twice (two passes at
once, a pass every minute) stores it once. `deliver_due` sends what is due, one pass at a
time across processes (`pass_lock`); it first turns rows left in 'sending' by a crashed
process into 'unknown' for a person to check, because the server may or may not have
accepted them and sending again could mean a duplicate reminder.
"""

from __future__ import annotations

import base64
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.core.calendar import in_send_window, local_now
from assistant.core.policy import Policy
from assistant.mail.compose import (
    Attachment,
    OutgoingEmail,
    build_message,
    message_id_domain,
    new_message_id,
    thread_key_for_customer,
    trim_references,
)
from assistant.mail.invoice_pdf import render_invoice_lines, render_pdf
from assistant.mail.smtp_outbox import SendResult, SmtpSender
from assistant.policy_file import load_for
from assistant.service.send_checks import recheck
from assistant.settings import Settings
from assistant.store.db import session_factory, transaction
from assistant.store.models import (
    AuditRow,
    ContactRow,
    CustomerRow,
    InvoiceRow,
    OutboxRow,
    SuggestionRow,
)
from assistant.store.pass_lock import pass_lock

__all__ = ["DeliveryReport", "OutgoingEmail", "deliver_due", "enqueue", "thread_key_for_customer"]

log = logging.getLogger(__name__)
BATCH = 200
THREADED_STATUSES = ("queued", "sending", "sent", "unknown")


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


def enqueue(session: Session, email: OutgoingEmail, key: str, now: datetime,
            settings: Settings | None = None) -> OutboxRow:
    """Store `email` under `key` (queued) unless that key exists; return the stored row."""
    existing = session.scalar(select(OutboxRow).where(OutboxRow.key == key))
    if existing is not None:
        return existing
    in_reply_to, references = email.in_reply_to, list(email.references)
    if in_reply_to is None and email.thread_key:
        previous = session.scalar(
            select(OutboxRow).where(OutboxRow.thread_key == email.thread_key,
                                    OutboxRow.status.in_(THREADED_STATUSES))
            .order_by(OutboxRow.id.desc()).limit(1))
        if previous is not None:
            in_reply_to = previous.message_id
            references = [*(previous.references or "").split(), previous.message_id]
    domain = _domain(session, settings)
    row = OutboxRow(
        key=key, kind=email.kind, status="queued", customer_pk=email.customer_pk,
        thread_key=email.thread_key, step=email.step, invoice_pks=list(email.invoice_pks),
        message_id=new_message_id(domain), in_reply_to=in_reply_to,
        references=" ".join(trim_references(references)) or None,
        from_addr=settings.smtp.from_address if settings else "", to_addrs=list(email.to), cc_addrs=list(email.cc),
        subject=email.subject, body_text=email.body_text, body_html=email.body_html,
        attachments=[dict(a) for a in email.attachments], attempts=0, next_attempt_at=now,
        created_at=now, updated_at=now)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another process stored the same key between our SELECT and INSERT.
        existing = session.scalar(select(OutboxRow).where(OutboxRow.key == key))
        if existing is None:
            raise
        return existing
    return row


def _domain(session: Session, settings: Settings | None) -> str:
    """Our Message-ID domain: from the settings; without them (a caller holding only a
    session), the domain of the latest message we wrote, which `send-due` wrote with them."""
    if settings is not None:
        return message_id_domain(settings.smtp.from_address, settings.company.message_id_domain)
    latest = session.scalar(select(OutboxRow.message_id).order_by(OutboxRow.id.desc()).limit(1))
    if latest and "@" in latest:
        return latest.rsplit("@", 1)[1].rstrip(">")
    return message_id_domain(Settings().smtp.from_address, Settings().company.message_id_domain)


def deliver_due(engine: Engine, settings: Settings, now: datetime, *, limit: int | None = None,
                window: Policy | None = None) -> DeliveryReport:
    """Send every queued email whose time has come; see the module docstring.

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
        with SmtpSender(settings, settings.dunning.smtp_timeout_seconds) as sender:
            last_id = 0
            done = 0
            while limit is None or done < limit:
                with session_factory(engine)() as session:
                    ids = list(session.scalars(
                        select(OutboxRow.id).where(OutboxRow.status == "queued", OutboxRow.id > last_id,
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
            report.connections = sender.connections_opened
    return report


def flag_orphans(engine: Engine, now: datetime) -> int:
    """Rows in 'sending' while we hold the pass lock were left by a dead process."""
    with transaction(engine) as session:
        rows = list(session.scalars(select(OutboxRow).where(OutboxRow.status == "sending")))
        for row in rows:
            row.status = "unknown"
            row.error = "outcome unknown: the sending process stopped before recording the result; check the sent folder, then resend or close"
            row.updated_at = now
            session.add(AuditRow(at=now, actor="system", action="outbox.unknown", subject_type="outbox",
                                 subject_id=str(row.id), detail={"key": row.key, "message_id": row.message_id}))
    return len(rows)


def _deliver_one(engine: Engine, settings: Settings, sender: SmtpSender, outbox_pk: int, now: datetime,
                 report: DeliveryReport, policy: Policy) -> None:
    with transaction(engine) as session:
        row = session.scalar(select(OutboxRow).where(OutboxRow.id == outbox_pk, OutboxRow.status == "queued"))
        if row is None:
            return
        if row.kind == "reminder" and not _in_window(session, row, policy, now):
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
            msg = _message(session, settings, row, now)
        except (OSError, LookupError, ValueError) as exc:
            row.status, row.error, row.updated_at = "failed", f"cannot build the message: {exc}", now
            report.failed += 1
            return
        row.status, row.attempts, row.claimed_at, row.updated_at = "sending", row.attempts + 1, now, now
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
    from assistant.store.models import ReminderSentRow

    row.status, row.error, row.updated_at = "cancelled", f"not sent: {reason}", now
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
    if result.outcome == "sent":
        row.status, row.sent_at = "sent", now
        row.error = f"refused: {', '.join(result.refused)}" if result.refused else None
        report.sent += 1
        if row.kind == "reply":
            # The approved suggestion behind this reply is now sent, in the same transaction.
            session.execute(update(SuggestionRow).where(SuggestionRow.outbox_pk == row.id,
                                                        SuggestionRow.status == "approved")
                            .values(status="sent"))
    elif result.outcome == "permanent":
        row.status, row.error = "failed", result.error
        report.failed += 1
    elif row.attempts >= settings.dunning.max_attempts:
        row.status, row.error = "failed", f"gave up after {row.attempts} attempts: {result.error}"
        report.failed += 1
    else:
        # Exponential backoff (RFC 5321 section 4.5.4.1 asks for at least 30 minutes
        # between retries of one message by an MTA; we are a client, the base is a setting).
        delay = settings.dunning.retry_base_seconds * 2 ** (row.attempts - 1)
        row.status, row.error = "queued", result.error
        row.next_attempt_at = now + timedelta(seconds=delay)
        report.retried += 1


def _mark_bounced(session: Session, addresses: list[str], reason: str, now: datetime) -> None:
    lowered = [a.lower() for a in addresses]
    from sqlalchemy import func

    session.execute(update(ContactRow).where(func.lower(ContactRow.email).in_(lowered))
                    .values(status="bounced", status_reason=reason[:1000], updated_at=now))
    for address in addresses:
        session.add(AuditRow(at=now, actor="system", action="contact.bounced", subject_type="contact",
                             subject_id=address, detail={"reason": reason[:1000]}))


def _message(session: Session, settings: Settings, row: OutboxRow, now: datetime) -> EmailMessage:
    return build_message(
        from_name=settings.company.name, from_address=row.from_addr, to=row.to_addrs, cc=row.cc_addrs,
        subject=row.subject, body_text=row.body_text, body_html=row.body_html, message_id=row.message_id,
        in_reply_to=row.in_reply_to, references=(row.references or "").split(), date=now,
        attachments=[_attachment(session, spec, settings.company.name) for spec in row.attachments],
        auto_submitted=row.kind == "digest")


def _attachment(session: Session, spec: dict[str, Any], company_name: str) -> Attachment:
    if "data_base64" in spec:  # generated content stored with the row (the digest's chart)
        return Attachment(spec["filename"], spec["content_type"], base64.b64decode(spec["data_base64"]),
                          spec.get("content_id"))
    number = spec.get("invoice_number")
    if number is None:
        path = Path(spec["path"])
        return Attachment(spec.get("filename") or path.name, spec.get("content_type") or "application/octet-stream",
                          path.read_bytes())
    found = session.execute(select(InvoiceRow, CustomerRow.name, CustomerRow.customer_id)
                            .join(CustomerRow, CustomerRow.id == InvoiceRow.customer_pk)
                            .where(InvoiceRow.invoice_number == number)).first()
    if found is None:
        raise LookupError(f"invoice {number} not in the ledger")
    invoice, customer_name, customer_id = found
    if invoice.pdf_path and Path(invoice.pdf_path).is_file():
        return Attachment(f"{number}.pdf", "application/pdf", Path(invoice.pdf_path).read_bytes())
    lines = render_invoice_lines(
        company_name=company_name, customer_name=customer_name, customer_id=customer_id, number=number,
        issue_date=invoice.issue_date.isoformat(), due_date=invoice.due_date.isoformat(),
        amount=f"{invoice.amount:.2f} {invoice.currency}", balance=f"{invoice.balance:.2f} {invoice.currency}",
        po_number=invoice.po_number)
    return Attachment(f"{number}.pdf", "application/pdf", render_pdf(lines[0], lines[1:]))
