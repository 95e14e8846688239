"""What `/healthz` reports, read from the store: the listener's last sync per folder, the
outbox backlog and the quarantine size; judged at `now` against `[mailbox] idle_seconds`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select

from assistant.core.statuses import InboundStatus, OutboxStatus
from assistant.settings import Settings
from assistant.store.db import session_factory
from assistant.store.models import InboundMessageRow, MailboxStateRow, OutboxRow

BACKLOG_STATUSES = (OutboxStatus.QUEUED, OutboxStatus.SENDING)


def stale_after_seconds(settings: Settings) -> int:
    return 2 * settings.mailbox.idle_seconds + 60


def health(engine: Engine, settings: Settings, now: datetime) -> tuple[bool, dict[str, Any]]:
    """(healthy, report) at `now`."""
    with session_factory(engine)() as s:
        folders = list(s.execute(select(MailboxStateRow.mailbox, MailboxStateRow.last_sync_at)
                                 .order_by(MailboxStateRow.mailbox)))
        backlog = s.scalar(select(func.count()).select_from(OutboxRow)
                           .where(OutboxRow.status.in_(BACKLOG_STATUSES))) or 0
        oldest = s.scalar(select(func.min(OutboxRow.created_at)).where(OutboxRow.status.in_(BACKLOG_STATUSES)))
        unknown = s.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.status == OutboxStatus.UNKNOWN)) or 0
        quarantined = s.scalar(select(func.count()).select_from(InboundMessageRow)
                               .where(InboundMessageRow.status == InboundStatus.QUARANTINED)) or 0
    limit = stale_after_seconds(settings)
    syncs = [t for _, t in folders if t is not None]
    last = max(syncs) if syncs else None
    age = (now - last).total_seconds() if last is not None else None
    healthy = age is not None and age <= limit
    report: dict[str, Any] = {
        "status": "ok" if healthy else ("listener has never synced" if last is None
                                        else "listener has not synced recently"),
        "listener": {"last_sync_at": last.isoformat() if last else None,
                     "seconds_since_sync": round(age) if age is not None else None, "stale_after_seconds": limit,
                     "folders": len(folders)},
        "outbox": {"backlog": int(backlog), "oldest_queued_at": oldest.isoformat() if oldest else None,
                   "unknown": int(unknown)},
        "quarantine": {"size": int(quarantined)},
    }
    return healthy, report
