"""MIME building for every email we send, and our own Message-IDs.

Threading follows RFC 5322 section 3.6.4: `In-Reply-To` names the message answered and
`References` carries the chain, so each customer's reminders (and approved replies) show
as one conversation in their mail client.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime, formataddr
from typing import Any

# Mail clients and servers cut over-long References headers; RFC 5322 allows trimming
# the middle as long as the first (thread root) and the most recent ids are kept.
MAX_REFERENCES = 20


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes
    # Set for an image the HTML shows inline (`<img src="cid:...">`); it then travels with
    # the HTML in multipart/related (RFC 2387) instead of as a separate attachment.
    content_id: str | None = None


@dataclass(frozen=True)
class OutgoingEmail:
    """An email to send, as the use cases build it (reminders, approved replies, digests)."""

    kind: str  # reminder | reply | digest
    to: tuple[str, ...]
    subject: str
    body_text: str
    body_html: str | None = None
    cc: tuple[str, ...] = ()
    customer_pk: int | None = None
    thread_key: str | None = None
    step: str | None = None
    invoice_pks: tuple[int, ...] = ()
    # {"invoice_number": N} (the ledger PDF, else rendered) or {"path", "filename", "content_type"}
    attachments: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    # Explicit threading (a reply to a customer's message); else the thread_key's last message.
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()


def message_id_domain(from_address: str, configured: str = "") -> str:
    if configured:
        return configured
    _, _, domain = from_address.rpartition("@")
    return domain or "localhost"


def new_message_id(domain: str) -> str:
    """A globally unique id under our own domain (RFC 5322 section 3.6.4: `id-left@id-right`)."""
    return f"<{uuid.uuid4().hex}.ar@{domain}>"


def thread_key_for_customer(customer_id: str) -> str:
    """The thread all dunning mail to one customer shares."""
    return f"dunning:{customer_id}"


def trim_references(ids: Sequence[str]) -> list[str]:
    unique: list[str] = []
    for mid in ids:
        if mid and mid not in unique:
            unique.append(mid)
    if len(unique) <= MAX_REFERENCES:
        return unique
    return [unique[0], *unique[-(MAX_REFERENCES - 1):]]


def build_message(*, from_name: str, from_address: str, to: Sequence[str], cc: Sequence[str],
                  subject: str, body_text: str, body_html: str | None, message_id: str,
                  in_reply_to: str | None, references: Sequence[str], date: datetime,
                  attachments: Sequence[Attachment] = (), auto_submitted: bool = False) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr((from_name, from_address)) if from_name else from_address
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    if auto_submitted:
        # RFC 3834 section 5: generated mail, so out-of-office responders stay quiet.
        msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(body_text, subtype="plain", charset="utf-8")
    html_part: MIMEPart | None = None
    if body_html:
        msg.add_alternative(body_html, subtype="html", charset="utf-8")
        html_part = next(p for p in msg.iter_parts() if p.get_content_type() == "text/html")
    for att in attachments:
        maintype, _, subtype = att.content_type.partition("/")
        if att.content_id and html_part is not None:
            html_part.add_related(att.data, maintype=maintype, subtype=subtype or "octet-stream",
                                  cid=f"<{att.content_id}>", filename=att.filename, disposition="inline")
        else:
            msg.add_attachment(att.data, maintype=maintype, subtype=subtype or "octet-stream",
                               filename=att.filename)
    return msg
