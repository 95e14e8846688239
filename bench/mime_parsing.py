"""MIME robustness and speed: every fixture parses, huge attachments are capped, throughput.

Usage: .venv/bin/python bench/mime_parsing.py
"""

from __future__ import annotations

import base64
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intents.mime.parse import parse_message  # noqa: E402
from intents.reply.text import extract_reply  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "third_party"


def _reply_mail() -> bytes:
    quote = "> Dear customer, invoice INV-2026-0042 for EUR 1,200.00 is overdue. Please pay.\n" * 55
    body = (
        "Hello,\n\nWe will pay invoice INV-2026-0042 next Friday. Sorry for the delay.\n\n"
        "Best regards,\nJane\n\nOn Mon, 2 Mar 2026 at 09:14, AR <ar@vendor.example> wrote:\n" + quote
    )
    head = (
        "From: Jane Buyer <jane@buyer.example>\nTo: ar@vendor.example\n"
        "Subject: Re: Reminder INV-2026-0042\nDate: Wed, 11 Mar 2026 14:02:00 -0500\n"
        "Message-ID: <x1@buyer.example>\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
    )
    return (head + body).replace("\n", "\r\n").encode()


def _huge_mail(size: int) -> bytes:
    encoded = base64.encodebytes(bytes(range(256)) * (size // 256)).replace(b"\n", b"\r\n")
    return (
        b'From: a@b.example\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; '
        b'boundary="XX"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--XX\r\n'
        b"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + encoded + b"--XX--\r\n"
    )


def main() -> None:
    print(f"Python {platform.python_version()}, {platform.machine()}")
    index = json.loads((FIXTURES / "mime" / "index.json").read_text("utf-8"))
    files = [FIXTURES / "mime" / e["file"] for e in index]
    files += sorted((FIXTURES / "bounces" / "sisimai").glob("*.eml"))
    clean = 0
    started = time.perf_counter()
    for path in files:
        message = parse_message(path.read_bytes())
        clean += not any(d.startswith("ParseError") for d in message.defects)
    elapsed = time.perf_counter() - started
    print(f"fixtures parsed without error: {clean}/{len(files)} in {elapsed:.2f} s")

    raw = _huge_mail(30 * 1024 * 1024)
    started = time.perf_counter()
    message = parse_message(raw)
    print(f"30 MB attachment: {time.perf_counter() - started:.2f} s, kept "
          f"{len(message.attachments[0].payload)} of {message.attachments[0].size} bytes")

    mail = _reply_mail()
    count = 2000
    started = time.perf_counter()
    for _ in range(count):
        parsed = parse_message(mail)
        extract_reply(parsed.text, parsed.html)
    rate = count / (time.perf_counter() - started)
    print(f"parse + reply text, {len(mail)} byte reply: {rate:.0f} messages/s (one core)")


if __name__ == "__main__":
    main()
