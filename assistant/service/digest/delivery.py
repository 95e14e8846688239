"""Emailing the digest: queued in the outbox under `digest:<ISO week>` and delivered by the
outbox like every other email we send.

The key makes the weekly send idempotent: a second run in the same week, a restart of
the scheduler, or `digest --send` by hand all find the key taken and send nothing more.
The chart travels with the row as an inline attachment (a Content-ID the HTML refers to),
so retries after a temporary failure are the outbox's ordinary backoff.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from assistant.core.digest import Digest
from assistant.core.statuses import OutboxKind
from assistant.errors import BadInput
from assistant.mail.compose import OutgoingEmail
from assistant.rendering.digest import chart_cid, html_for_email, render_text
from assistant.service.digest.build import build_digest
from assistant.service.outbox.delivery import Connect, DeliveryReport, deliver_due
from assistant.service.outbox.enqueue import enqueue
from assistant.settings import Settings
from assistant.store.db import transaction
from assistant.store.models import OutboxRow


def digest_key(digest: Digest) -> str:
    return f"digest:{digest.week}"


@dataclass
class DigestSend:
    key: str
    queued: bool = False  # False: this week's digest was queued before
    sent: int = 0
    retried: int = 0
    failed: int = 0
    busy: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "queued": self.queued, "sent": self.sent, "retried": self.retried,
                "failed": self.failed, "busy": self.busy}

    def add(self, delivery: DeliveryReport) -> DigestSend:
        self.sent += delivery.sent
        self.retried += delivery.retried
        self.failed += delivery.failed
        self.busy = self.busy or delivery.busy
        return self


def queue_digest(engine: Engine, settings: Settings, digest: Digest, now: datetime) -> bool:
    """Store this week's digest in the outbox; False when the week's key is already there."""
    recipients = list(settings.digest.recipients)
    if not recipients:
        raise BadInput("digest.recipients is empty: set the addresses the digest goes to in [digest]")
    key = digest_key(digest)
    with transaction(engine) as session:
        if session.scalar(select(OutboxRow.id).where(OutboxRow.key == key)) is not None:
            return False
        email = OutgoingEmail(kind=OutboxKind.DIGEST, to=tuple(recipients), subject=digest.subject,
                              body_text=render_text(digest))
        row = enqueue(session, email, key, now, settings)
        # The Content-ID is derived from the Message-ID, known only once the row exists.
        row.body_html = html_for_email(digest, row.message_id)
        row.attachments = [{"filename": "digest-chart.png", "content_type": "image/png",
                            "content_id": chart_cid(row.message_id),
                            "data_base64": base64.b64encode(digest.chart_png).decode("ascii")}]
    return True


def send_weekly_digest(engine: Engine, settings: Settings, now: datetime, connect: Connect,
                       digest: Digest | None = None) -> DigestSend:
    """Build (unless given), queue (once per ISO week) and deliver the digest."""
    digest = digest if digest is not None else build_digest(engine, settings, now)
    report = DigestSend(key=digest_key(digest))
    report.queued = queue_digest(engine, settings, digest, now)
    return report.add(deliver_due(engine, settings, now, connect))
