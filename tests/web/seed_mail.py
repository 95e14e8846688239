"""Inbound messages for web tests: stored through the ORM as the listener stores them."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import Engine

from assistant.store.db import transaction
from assistant.store.models.inbound import InboundMessageRow

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

XSS_SUBJECT = 'Re: INV-1001 <script>alert("subject")</script><img src=x onerror=alert(1)>'
XSS_BODY = """Hello,

We paid INV-1001 on 3 November <script>alert("body")</script>, ref 88123.
<img src=x onerror="alert('img')"> <svg onload=alert(2)>

On Tue, 3 Nov 2026 at 10:00, AR team <ar@example.com> wrote:
> Invoice INV-1001 is overdue <b>please pay</b>.
"""

XSS_HTML = """<html><body><p onclick="alert(3)">We paid INV-1001.</p><script>alert("html")</script>
<img src="x" onerror="alert('html-img')"><a href="javascript:alert(4)">click</a>
<iframe src="javascript:alert(5)"></iframe><style>body{background:url(https://evil.example/x)}</style></body></html>"""


def eml(subject: str, body: str, sender: str = "ap@customer.example", message_id: str = "<r1@customer.example>",
        html: str | None = None, in_reply_to: str | None = None) -> bytes:
    headers = [f"From: Accounts Payable <{sender}>", "To: ar@example.com", f"Subject: {subject}",
               "Date: Fri, 20 Nov 2026 10:00:00 +0000", f"Message-ID: {message_id}", "MIME-Version: 1.0"]
    if in_reply_to:
        headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    if html is None:
        headers.append("Content-Type: text/plain; charset=utf-8")
        return ("\r\n".join(headers) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode()
    boundary = "b0undary"
    headers.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
    parts = [f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}",
             f"--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}", f"--{boundary}--\r\n"]
    return ("\r\n".join(headers) + "\r\n\r\n" + "\r\n".join(parts)).encode()


def store_inbound(engine: Engine, raw: bytes, status: str = "received", uid: int = 1, reason: str | None = None,
                  error: str | None = None, now: datetime = NOW) -> int:
    with transaction(engine) as s:
        row = InboundMessageRow(mailbox="ar@example.com@127.0.0.1/INBOX", uidvalidity=1, uid=uid,
                                message_id=None, message_key=f"key-{uid}", sha256=hashlib.sha256(raw).hexdigest(),
                                size=len(raw), raw=raw, server_date=now, received_at=now, status=status,
                                reason=reason, error=error, updated_at=now)
        s.add(row)
        s.flush()
        return row.id


def live_markup(page: str) -> tuple[list[str], list[str]]:
    """Inline scripts and event-handler attributes in a page, as a browser would parse it.

    Our own scripts are loaded from /static; anything else is customer content gone live.
    """
    from html.parser import HTMLParser

    scripts: list[str] = []
    handlers: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            names = dict(attrs)
            if tag == "script" and not (names.get("src") or "").startswith("/static/"):
                scripts.append(str(attrs))
            if tag in ("img", "svg", "object", "embed") or (tag == "iframe" and names.get("sandbox") != ""):
                scripts.append(f"<{tag}>")
            handlers.extend(f"{tag} {k}" for k, _ in attrs if k.startswith("on"))

    Parser().feed(page)
    return scripts, handlers
