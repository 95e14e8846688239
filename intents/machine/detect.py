"""Recognise mail written by machines: bounces, auto-replies, receipts, list mail, complaints.

Order matters. Reports (multipart/report: RFC 3464 delivery status, RFC 8098 read
receipts, RFC 5965 feedback) are unambiguous and come first; then free-text bounces,
which often also carry Auto-Submitted; then auto-reply and list headers; last the
wording of out-of-office notices. Precision comes first: a customer's answer that
mentions being away, or an Outlook message with X-Auto-Response-Suppress, is not
machine mail.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from intents.machine.auto_replies import header_signal, opening, text_signal
from intents.machine.bounce_phrases import REPLY_OR_FORWARD
from intents.machine.bounces import (
    detect_bounce_text,
    detect_report,
    is_daemon,
    original_message_id,
    parse_status_fields,
)
from intents.machine.kinds import KINDS, STATUS_CODE, MachineMail, clip
from intents.machine.ooo_details import alternate_contact, return_date
from intents.mime.parse import ParsedMessage, header

__all__ = ["KINDS", "MachineMail", "detect_machine_mail", "detect_machine_text"]

_ARF_FIELDS = re.compile(r"^Feedback-Type:\s*\S+", re.I | re.M)
# Hotmail/Outlook.com junk-mail reports (JMRP) arrive as the complained-about message attached.
_COMPLAINT_SUBJECT = re.compile(r"^\s*complaint\s+about\s+message\s+from\b", re.I)
# Outlook/Exchange read receipts sent as plain mail instead of RFC 8098 reports.
_READ_SUBJECT = re.compile(r"^\s*(?:read|gelesen|lu|le[íi]do|gelezen|letto|lida)\s*:", re.I)
_READ_BODY = re.compile(
    r"\bwas\s+read\s+on\b|\bwurde\s+am\s+.{0,60}\bgelesen\b|\ba\s+[ée]t[ée]\s+lu\s+le\b|"
    r"\bfue\s+le[íi]do\s+el\b|\bis\s+gelezen\s+op\b|\b[èe]\s+stato\s+letto\b|\bfoi\s+lida\s+em\b", re.I | re.S)
# Newsletters without their List-* headers: an unsubscribe link and the mailing's own footer.
_UNSUBSCRIBE = re.compile(r"\bunsubscribe\b|\babmelden\b|\bd[ée]sinscri|\bdarse\s+de\s+baja\b|\buitschrijven\b", re.I)
_LIST_FOOTER = re.compile(
    r"\byou(?:'re|\s+are)\s+receiving\s+this\s+(?:e-?mail|message|newsletter)\b|\byou\s+(?:have\s+)?subscribed\b|"
    r"\bmanage\s+(?:your\s+)?(?:e-?mail\s+)?(?:preferences|subscriptions?)\b|\bview\s+(?:this\s+e-?mail\s+|it\s+)?"
    r"in\s+(?:your\s+)?browser\b|\bupdate\s+your\s+(?:e-?mail\s+)?preferences\b", re.I)
# Amazon SES event notifications relayed by SNS as e-mail (JSON body).
_SES_EVENT = re.compile(r'notificationType\\?"\s*:\s*\\?"(Bounce|Complaint|Delivery)\\?"')


def _daemon(msg: ParsedMessage) -> bool:
    """Sent by mail software: MAILER-DAEMON-like sender, or the null reverse-path.

    RFC 5321 section 4.5.5: notifications are sent with an empty reverse-path, and the
    delivering server records it as `Return-Path: <>`; a person's mail never has one.
    """
    raw_from = header(msg, "from") or ""
    return_path = (header(msg, "return-path") or "").strip()
    return (is_daemon(msg.from_address, msg.from_name) or is_daemon(None, raw_from)
            or return_path in ("<>", "<<>>"))


def detect_machine_mail(msg: ParsedMessage) -> MachineMail | None:
    """Classify a parsed message as machine mail, or None for mail a person wrote."""
    daemon = _daemon(msg)
    report = detect_report(msg, daemon=daemon)
    if report is not None:
        return report
    if (header(msg, "x-apple-unsubscribe") or "").strip().lower() == "true":
        return MachineMail("complaint", 0.95, "X-Apple-Unsubscribe: true (unsubscribe request)")
    if _ARF_FIELDS.search(msg.text[:3000]) and re.search(r"^User-Agent:|^Version:", msg.text[:3000], re.I | re.M):
        return MachineMail("complaint", 0.9, "ARF fields in the text (Feedback-Type)",
                           original_message_id=original_message_id(msg))
    if _COMPLAINT_SUBJECT.search(msg.subject) and any(a.is_message for a in msg.attachments):
        return MachineMail("complaint", 0.9, clip(f"subject '{msg.subject}' with the message attached"),
                           original_message_id=original_message_id(msg))
    ses = _SES_EVENT.search(msg.text[:5000])
    if ses:
        kind = {"Bounce": "bounce", "Complaint": "complaint"}.get(ses.group(1), "read-receipt")
        bounce_type = re.search(r'bounceType\\?"\s*:\s*\\?"(\w+)', msg.text)
        status = STATUS_CODE.search(msg.text[ses.end():ses.end() + 2000]) if kind == "bounce" else None
        return MachineMail(kind, 0.95, f"Amazon SES {ses.group(1)} notification",
                           permanent=(bounce_type.group(1) == "Permanent") if bounce_type else None,
                           status=".".join(status.groups()) if status else None)
    receipt = _read_receipt(msg.subject, msg.text)
    if receipt is not None:
        return receipt
    bounce = detect_bounce_text(msg.subject, msg.text, daemon=daemon,
                                failed_header=header(msg, "x-failed-recipients"))
    if bounce is not None:
        return replace(bounce, original_message_id=original_message_id(msg))
    signal = header_signal(msg)
    text = text_signal(msg.subject, msg.text)
    if signal is not None and (signal[0] == "auto-reply" or text is not None):
        evidence = signal[1] if signal[0] == "auto-reply" else f"{text[0] if text else ''}; {signal[1]}"
        return _auto_reply(msg, evidence, 0.97)
    if signal is not None:
        return MachineMail("list", 0.9, signal[1])
    if text is not None:
        return _auto_reply(msg, text[0], text[1])
    return None


def _read_receipt(subject: str, text: str) -> MachineMail | None:
    if _READ_SUBJECT.search(subject) and _READ_BODY.search(text[:1500]):
        return MachineMail("read-receipt", 0.95, clip(f"read receipt: subject '{subject}'"))
    return None


def _auto_reply(msg: ParsedMessage, evidence: str, confidence: float) -> MachineMail:
    head = opening(msg.text)
    return MachineMail("auto-reply", confidence, evidence,
                       original_message_id=(msg.in_reply_to or "").strip("<>") or None,
                       return_date=return_date(head, msg.date),
                       alternate_contact=alternate_contact(head, msg.from_address))


def _newsletter(subject: str, text: str) -> MachineMail | None:
    """List mail recognised by its footer; a reply or forward is a person's, whatever it quotes."""
    head = opening(text, 5000)
    if REPLY_OR_FORWARD.match(subject) or not _UNSUBSCRIBE.search(head):
        return None
    footer = _LIST_FOOTER.search(head)
    return MachineMail("list", 0.85, clip(f"newsletter footer: '{footer.group(0)}'")) if footer else None


def detect_machine_text(subject: str, text: str, *, date: datetime | None = None,
                        sender: str | None = None) -> MachineMail | None:
    """Machine mail from a subject and body alone (no headers): phrases only, conservatively.

    `date` (the message date) lets an out-of-office return date be resolved.
    """
    # A person may paste status fields into a reply or forward; only a report itself counts.
    recipients = [] if REPLY_OR_FORWARD.match(subject) else parse_status_fields(text[:5000])
    failed = [r for r in recipients if r.action in ("failed", "delayed") and (r.status or r.recipient)]
    if failed:
        first = failed[0]
        kind = "delay" if first.action == "delayed" else "bounce"
        permanent = None if first.status is None else first.status.startswith("5")
        return MachineMail(kind, 0.95, clip(f"delivery status fields: Action {first.action}, Status {first.status}"),
                           permanent=False if kind == "delay" else permanent, status=first.status,
                           failed_recipients=tuple(r.recipient for r in failed if r.recipient))
    receipt = _read_receipt(subject, text)
    if receipt is not None:
        return receipt
    bounce = detect_bounce_text(subject, text, daemon=is_daemon(sender, None) if sender else None)
    if bounce is not None:
        return bounce
    found = text_signal(subject, text)
    if found is None:
        return _newsletter(subject, text)
    head = opening(text)
    return MachineMail("auto-reply", found[1], found[0], return_date=return_date(head, date),
                       alternate_contact=alternate_contact(head, sender))
