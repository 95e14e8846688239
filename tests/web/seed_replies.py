"""Suggestions for web tests, made the real way: a ledger, a sent reminder, and customer
replies (.eml) handled by `assistant.service.inbound.replies.handle_inbound`."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import Engine, select

from assistant.service.inbound.replies import handle_inbound
from assistant.settings import Settings, SmtpSettings
from assistant.store.db import transaction
from assistant.store.models.conversation import SuggestionRow
from tests.conversations.seed import ledger, store


def with_smtp(settings: Settings, engine: Engine, port: int = 1) -> Settings:
    return replace(settings, database=replace(settings.database, url=engine.url.render_as_string(hide_password=False)),
                   smtp=SmtpSettings(host="127.0.0.1", port=port, tls="none", from_address="ar@billing.example"))


def handle(engine: Engine, settings: Settings, reply: str | bytes, now: datetime) -> list[int]:
    """Store one reply as the listener would, handle it; return the new suggestion ids."""
    handled = handle_inbound(engine, settings, store(engine, reply, now), now)
    assert not handled.skipped
    return handled.suggestion_ids


def seed_thread(engine: Engine, settings: Settings, now: datetime, *replies: str | bytes) -> list[int]:
    """ACME's ledger (INV-1001 reminded, INV-1002) and the given replies; suggestion ids."""
    ledger(engine)
    return [sid for reply in replies for sid in handle(engine, settings, reply, now)]


def suggestion(engine: Engine, sid: int) -> SuggestionRow:
    with transaction(engine) as s:
        row = s.scalar(select(SuggestionRow).where(SuggestionRow.id == sid))
        assert row is not None
        return row
