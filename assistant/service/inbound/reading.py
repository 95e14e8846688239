"""What is kept of a message once it is read: the text parts people see, and what was found.

Built once from the parse and the understanding the reply handler made; stored with the
handled message, so nothing has to parse the raw bytes again to show it.
"""

from __future__ import annotations

from datetime import datetime

from assistant.store.models.inbound import MessageReadingRow
from assistant.store.queries.messages import MessageView
from intents.mime.parse import ParsedMessage
from intents.reply.text import extract_reply
from intents.understand import Understanding

MAX_KEPT_CHARS = 200_000  # a pathological body is kept cut, not whole


def reading_of(inbound_pk: int, msg: ParsedMessage, understanding: Understanding, now: datetime) -> MessageReadingRow:
    machine = understanding.machine
    return MessageReadingRow(
        inbound_pk=inbound_pk, sender_name=(msg.from_name or None) and msg.from_name[:255], sent_at=msg.date,
        reply_text=understanding.reply_text[:MAX_KEPT_CHARS], quoted_text=understanding.quoted[:MAX_KEPT_CHARS],
        signature=understanding.signature, html=msg.html[:MAX_KEPT_CHARS] if msg.html else None,
        attachments=[a.filename or a.content_type for a in msg.attachments], defects=list(msg.defects),
        primary_intent=understanding.primary_intent, needs_human=understanding.needs_human,
        intents=[i.to_json() for i in understanding.intents], entities=understanding.entities.to_json(),
        machine_kind=machine.kind if machine is not None else None, read_at=now)


def view_of_parse(msg: ParsedMessage) -> MessageView:
    """A message nobody could read for us (the quarantine) as text parts, from its parse."""
    text = msg.text[:MAX_KEPT_CHARS]
    html = msg.html[:MAX_KEPT_CHARS] if msg.html else None
    reply = extract_reply(text, html)
    return MessageView(msg.message_id, msg.from_address, msg.from_name, msg.subject, msg.date, reply.reply,
                       reply.quoted, reply.signature, html,
                       tuple(a.filename or a.content_type for a in msg.attachments), tuple(msg.defects))
