"""Which raw messages the listener can read, and which go to the quarantine."""

from __future__ import annotations

import pytest

from assistant.service.inbound.intake import assess, header_message_id

GOOD = b"From: a@b.example\r\nSubject: hi\r\nMessage-ID: <x@b.example>\r\n\r\nbody\r\n"


@pytest.mark.parametrize(("raw", "reason"), [
    (GOOD, None),
    (b"Subject: only a subject\r\n\r\nbody", None),
    (b"From: a@b.example\n\nbare LF line ends", None),
    (b"", "unparseable"),
    (b"  \r\n\r\n", "unparseable"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "unparseable"),
    (b"hello, no header block at all\r\n\r\njust text", "unparseable"),
    (b"garbage: yes\r\n\xff\xfe\r\n", "unparseable"),
])
def test_assess(raw: bytes, reason: str | None) -> None:
    result = assess(raw, 10_000)
    assert result.reason == reason
    assert (result.error is None) == (reason is None)
    assert result.size == len(raw) and len(result.sha256) == 64


def test_too_large_is_judged_before_parsing_and_keeps_the_message_id() -> None:
    raw = GOOD + b"x" * 1000
    result = assess(raw, 100)
    assert (result.reason, result.message_id, result.message_key) == ("too-large", "<x@b.example>", "<x@b.example>")
    assert "exceeds" in (result.error or "")


def test_header_message_id_reads_only_the_header_block() -> None:
    body_with_fake = GOOD.replace(b"Message-ID: <x@b.example>\r\n", b"") + b"Message-ID: <fake@b>\r\n"
    assert header_message_id(GOOD) == "<x@b.example>"
    assert header_message_id(body_with_fake) is None
    assert assess(GOOD.replace(b"Message-ID: <x@b.example>\r\n", b""), 10_000).message_key == ""
