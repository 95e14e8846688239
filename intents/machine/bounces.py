"""Delivery failures: RFC 3464 delivery status notifications and the free-text kind.

A DSN is a multipart/report (RFC 6522) whose message/delivery-status part holds one
block per message and one per recipient (Action, Status, Final-Recipient,
Diagnostic-Code). Action "failed" is a bounce; "delayed" is only a warning (RFC 3464
section 2.3.3). The Status class says whether retrying can help: 5.x.x permanent,
4.x.x transient (RFC 3463). Many MTAs (qmail, old Exim, Yahoo, Exchange NDRs behind
gateways) send plain text instead; those are recognised by who sends them, the subject
and well-known opening sentences, and never when a person forwards or replies to one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32

from intents.machine.bounce_phrases import (
    BODY_BOUNCE,
    BODY_DELAY,
    DAEMON_LOCALPART,
    DAEMON_NAME,
    REPLY_OR_FORWARD,
    SUBJECT_BOUNCE,
    SUBJECT_DELAY,
)
from intents.machine.kinds import ADDRESS, STATUS_CODE, MachineMail, clip
from intents.mime.parse import ParsedMessage, header

_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)$")
_QUOTED_ID = re.compile(r"^[ \t>]*Message-ID[ \t]*:[ \t]*\n?[ \t]*(<[^<>\s]+@[^<>\s]+>)", re.M | re.I)
_ORIGINAL_MARKER = re.compile(
    r"^[ \t-]*(?:original message|below this line is a copy of the message|"
    r"------ this is a copy of the message|the original message|returned message|"
    r"undelivered message|message headers follow|headers of your message)", re.I | re.M)


@dataclass(frozen=True)
class RecipientStatus:
    recipient: str | None
    action: str | None
    status: str | None
    diagnostic: str | None


def report_type(msg: ParsedMessage) -> str | None:
    """The report-type parameter of a multipart/report (RFC 6522), lower-cased."""
    content_type = header(msg, "content-type") or ""
    if not content_type.lower().lstrip().startswith("multipart/report"):
        return None
    m = re.search(r"report-type\s*=\s*\"?([\w-]+)", content_type, re.I)
    return m.group(1).lower() if m else ""


def parse_status_fields(text: str) -> list[RecipientStatus]:
    """Per-recipient blocks of a message/delivery-status body (lenient, folded lines joined)."""
    blocks: list[dict[str, str]] = [{}]
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            if blocks[-1]:
                blocks.append({})
            continue
        if line[0] in " \t" and blocks[-1]:
            last = next(reversed(blocks[-1]))
            blocks[-1][last] += " " + line.strip()
            continue
        m = _FIELD.match(line)
        if m:
            name = m.group(1).lower()
            if name in blocks[-1] and name in ("final-recipient", "action"):
                blocks.append({})  # a missing blank line between recipient blocks
            blocks[-1].setdefault(name, m.group(2).strip())
    out = []
    for block in blocks:
        if not any(k in block for k in ("action", "status", "final-recipient")):
            continue
        recipient = block.get("final-recipient") or block.get("original-recipient")
        address = ADDRESS.search(recipient or "")
        code = STATUS_CODE.search(block.get("status", ""))
        out.append(RecipientStatus(address.group(0).lower() if address else None,
                                   (block.get("action") or "").split(" ")[0].lower() or None,
                                   ".".join(code.groups()) if code else None,
                                   block.get("diagnostic-code")))
    return out


def _outcome(recipients: list[RecipientStatus], text: str) -> tuple[str, str | None, bool | None]:
    """(kind, status, permanent) for a set of recipient blocks."""
    actions = {r.action for r in recipients if r.action}
    codes = [r.status for r in recipients if r.status]
    failed = [r for r in recipients if r.action in ("failed", "expired")]
    chosen = failed or recipients
    status = next((r.status for r in chosen if r.status), None) or (codes[0] if codes else None)
    if failed:
        return "bounce", status, status.startswith("5") if status else True
    if actions & {"delayed"}:
        return "delay", status, False
    if actions and actions <= {"delivered", "relayed", "expanded", "deliverable"}:
        return "read-receipt", status, None  # a positive delivery report, not a failure
    if status and status.startswith("5"):
        return "bounce", status, True
    if status and status.startswith("4"):
        if BODY_DELAY.search(text[:4000]):
            return "delay", status, False
        return "bounce", status, False
    return "bounce", status, None


def _report_parts(msg: ParsedMessage, kinds: tuple[str, ...]) -> list[str]:
    return [a.payload.decode("utf-8", "replace") for a in msg.attachments if a.content_type in kinds]


def detect_report(msg: ParsedMessage, *, daemon: bool = False) -> MachineMail | None:
    """multipart/report mail: delivery status, read receipts (RFC 8098), ARF (RFC 5965)."""
    kind = report_type(msg)
    if kind is None and not daemon and REPLY_OR_FORWARD.match(msg.subject):
        return None  # a person passing a report part on is writing to us
    types = {a.content_type for a in msg.attachments}
    if kind == "feedback-report" or "message/feedback-report" in types:
        return MachineMail("complaint", 0.99, "ARF feedback report (RFC 5965)",
                           original_message_id=original_message_id(msg))
    if kind == "disposition-notification" or "message/disposition-notification" in types:
        return MachineMail("read-receipt", 0.99, "message disposition notification (RFC 8098)",
                           original_message_id=original_message_id(msg))
    parts = _report_parts(msg, ("message/delivery-status", "message/global-delivery-status"))
    if kind != "delivery-status" and not parts:
        return None
    recipients = [r for part in parts for r in parse_status_fields(part[:200_000])]
    if not recipients:
        recipients = parse_status_fields(msg.text[:20_000])
    outcome, status, permanent = _outcome(recipients, msg.text)
    if not recipients:
        status, permanent = text_status(msg.text)
        outcome = "delay" if _is_delay(msg.subject, msg.text) else "bounce"
    failed = _failed_recipients(msg, recipients)
    evidence = f"delivery status notification (RFC 3464): Action {recipients[0].action or '?'}" \
        if recipients else "multipart/report; report-type=delivery-status"
    if status:
        evidence += f", Status {status}"
    return MachineMail(outcome, 0.99, evidence, permanent=permanent, status=status,
                       failed_recipients=failed, original_message_id=original_message_id(msg))


def _failed_recipients(msg: ParsedMessage, recipients: list[RecipientStatus]) -> tuple[str, ...]:
    found = [r.recipient for r in recipients if r.recipient and r.action not in ("delivered", "relayed")]
    for value in (header(msg, "x-failed-recipients") or "").split(","):
        m = ADDRESS.search(value)
        if m:
            found.append(m.group(0).lower())
    return tuple(dict.fromkeys(found))


def text_status(text: str) -> tuple[str | None, bool | None]:
    """Enhanced status code quoted in a free-text bounce, and whether it is permanent."""
    head = _before_original(text)[:6000]
    m = STATUS_CODE.search(head)
    if m and m.group(1) in "45":
        status = ".".join(m.groups())
        return status, m.group(1) == "5"
    smtp = re.search(r"(?<![\d.])([45])[0-5]\d(?:[ -]|$)", head, re.M)
    if smtp:
        return None, smtp.group(1) == "5"
    return None, None


def _before_original(text: str) -> str:
    m = _ORIGINAL_MARKER.search(text)
    return text[: m.start()] if m and m.start() > 40 else text


def _unquoted(text: str, limit: int = 5000) -> str:
    return "\n".join(line for line in text[:limit].split("\n") if not line.lstrip().startswith(">"))


def _is_delay(subject: str, text: str) -> bool:
    return bool(SUBJECT_DELAY.search(subject) or BODY_DELAY.search(_unquoted(text, 3000)))


def is_daemon(address: str | None, name: str | None) -> bool:
    local = (address or "").split("@")[0]
    return bool(DAEMON_LOCALPART.fullmatch(local) or (name and DAEMON_NAME.search(name)))


def detect_bounce_text(subject: str, text: str, *, daemon: bool | None,
                       failed_header: str | None = None) -> MachineMail | None:
    """A free-text (non-DSN) bounce. `daemon`: sender looks like MAILER-DAEMON; None if unknown.

    Precision first: the subject or an opening sentence alone is not enough unless it is
    one only mail software writes; a reply or forward from a person never counts.
    """
    subject = " ".join(subject.split())
    if REPLY_OR_FORWARD.match(subject) and not daemon:
        return None
    body = _unquoted(text)
    subject_hit = SUBJECT_BOUNCE.search(subject) or SUBJECT_DELAY.search(subject)
    body_hit = BODY_BOUNCE.search(body) or BODY_DELAY.search(body)
    if failed_header:
        evidence = f"X-Failed-Recipients: {failed_header}"
        score = 2
    else:
        evidence = clip(f"subject '{subject_hit.group(0)}'" if subject_hit else
                        f"text '{body_hit.group(0)}'" if body_hit else "")
        score = bool(subject_hit) + bool(body_hit) + bool(daemon)
    # Body sentences that only bounce software writes are enough on their own when the
    # sender is unknown (bodies without headers); a known human sender needs two more signals.
    strong_body = body_hit is not None and body_hit.lastgroup == "strong"
    if score < 2 and not (strong_body and daemon is None):
        return None
    status, permanent = text_status(text)
    delay = _is_delay(subject, text) and not re.search(r"\bfail(?:ed|ure)\b|permanent", subject, re.I)
    kind = "delay" if delay else "bounce"
    if kind == "bounce" and permanent is None:
        permanent = _reason_permanence(_before_original(body))
    return MachineMail(kind, 0.9 + 0.03 * min(score, 3), evidence, permanent=False if delay else permanent,
                       status=status, failed_recipients=_recipients(failed_header, text))


# Without a status code the stated reason decides, as RFC 3463 would class it: a missing
# address or domain is permanent (5.1.x), a full mailbox or an unreachable host transient (4.x.x).
_PERMANENT_REASON = re.compile(
    r"permanent|fatal|does\s+not\s+exist|doesn'?t\s+have\s+an?\s+\S+\s+account|unknown\s+user|user\s+unknown|"
    r"no\s+such\s+(?:user|mailbox|domain)|address\s+not\s+found|no\s+mx\s+record|host\s+(?:not\s+found|unknown)|"
    r"malformed\s+address|no\s+valid\s+recipients|incorrectly\s+constructed|not\s+listed\s+in", re.I)
_TRANSIENT_REASON = re.compile(
    r"mailbox\s+(?:is\s+)?full|over\s+quota|quota\s+exceeded|exceeds\s+allowed\s+size|timed\s+out|"
    r"giving\s+up|retries|\d+\s+attempts|temporar(?:y|ily)|could\s+not\s+deliver\s+for\s+the\s+last", re.I)


def _reason_permanence(text: str) -> bool | None:
    if _PERMANENT_REASON.search(text[:5000]):
        return True
    if _TRANSIENT_REASON.search(text[:5000]):
        return False
    return None


def _recipients(failed_header: str | None, text: str) -> tuple[str, ...]:
    listed = [m.group(0).lower() for m in ADDRESS.finditer(failed_header or "")]
    return tuple(dict.fromkeys([*listed, *_text_recipients(text)]))


_RECIPIENT_LINE = re.compile(
    r"^[ \t]*<?(" + ADDRESS.pattern + r")>?[ \t]*(?::|\.\.\.|$|[ \t]*\(|[ \t]+(?:host|on|said|SMTP))", re.M)


def _text_recipients(text: str) -> tuple[str, ...]:
    head = _before_original(text)[:4000]
    found = [m.group(1).lower() for m in _RECIPIENT_LINE.finditer(head)]
    return tuple(dict.fromkeys(a for a in found if not a.split("@")[0].lower().startswith(("mailer-daemon",
                                                                                            "postmaster"))))


def original_message_id(msg: ParsedMessage) -> str | None:
    """Message-ID of the mail that bounced: attached message/rfc822 or headers, else quoted."""
    own = (msg.message_id or "").strip("<>").lower()
    # Attached originals first (RFC 3464 section 2: the returned message or its headers),
    # then text parts and the status part itself (some MTAs append the headers there).
    ordered = sorted(msg.attachments, key=lambda a: (not a.is_message, not a.content_type.startswith("text/")))
    for attachment in ordered:
        if not (attachment.is_message or attachment.content_type.startswith(("text/", "message/"))):
            continue
        if attachment.is_message:
            try:
                headers = BytesHeaderParser(policy=compat32).parsebytes(attachment.payload[:200_000])
                value = headers.get("Message-ID") or headers.get("Message-Id")
            except Exception:  # a mangled attachment; fall back to the text search below
                value = None
            m = re.search(r"<[^<>\s]+@[^<>\s]+>", str(value or ""))
            if m and m.group(0).strip("<>").lower() != own:
                return m.group(0).strip("<>")
        found = _quoted_id(attachment.payload[:200_000].decode("utf-8", "replace"), own)
        if found:
            return found
    return _quoted_id(msg.text, own)


def _quoted_id(text: str, own: str) -> str | None:
    for m in _QUOTED_ID.finditer(text):
        value = m.group(1).strip("<>")
        if value.lower() != own:
            return value
    return None
