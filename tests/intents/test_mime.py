"""MIME parsing on real third-party mail, hand-made torture samples and generated bombs."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest

from intents.mime.parse import (
    MAX_ATTACHMENT_BYTES,
    ParsedMessage,
    header,
    header_all,
    parse_message,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MIME_DIR = FIXTURES / "third_party" / "mime"
BOUNCE_DIR = FIXTURES / "third_party" / "bounces" / "sisimai"
LOCAL_DIR = FIXTURES / "mime_local"
INDEX = json.loads((MIME_DIR / "index.json").read_text("utf-8"))


def _parse(path: Path) -> ParsedMessage:
    return parse_message(path.read_bytes())


@pytest.mark.parametrize("entry", INDEX, ids=lambda e: e["file"])
def test_every_fixture_parses_without_error(entry: dict[str, object]) -> None:
    raw = (MIME_DIR / str(entry["file"])).read_bytes()
    message = parse_message(raw)
    assert message.raw_size == len(raw)
    assert message.headers, "headers must be read even from malformed mail"
    assert not [d for d in message.defects if d.startswith("ParseError")]
    assert message.date is None or message.date.tzinfo is not None
    if entry["kind"] in {"bounce", "delay", "complaint", "disposition-notification"}:
        assert message.text.strip() or message.attachments


# (file, field, expected) checks taken from the upstream test expectations in index.json.
EXPECTED = [
    ("flanker/apache-message-news-mime.eml", "subject", "[Fwd: Netscape Enterprise vs. Apache Secure]"),
    ("flanker/bilingual-simple.eml", "subject", "Simple text. How are you? Как ты поживаешь?"),
    ("flanker/encoded-header.eml", "from_name", "Foo, Bar"),
    ("flanker/encoded-header.eml", "from_address", "foo.bar@example.com"),
    ("flanker/from-encoding.eml", "from_name", "Ingo Lütkebohle"),
    ("spamscope/mail_test_18", "from_name", "LastßlName, FirstName"),
    ("spamscope/mail_test_18", "to", ("tony.stark@example.com",)),
    ("spamscope/mail_test_19", "from_address", "alice@example.com"),
    ("spamscope/mail_test_17", "from_address", "notificaccion-clientes@bbva.mx"),
    ("flanker/text-only.eml", "content_type", "text/plain"),
    ("flanker/no-ctype.eml", "content_type", "text/plain"),
    ("flanker/missing-final-boundary.eml", "text", "Some body"),
    ("flanker/signed.eml", "content_type", "multipart/signed"),
    ("flanker/bounce/zed.eml", "subject", "Undelivered Mail Returned to Sender"),
]


@pytest.mark.parametrize(("name", "field", "expected"), EXPECTED, ids=lambda v: str(v)[:40])
def test_expected_fields(name: str, field: str, expected: object) -> None:
    assert getattr(_parse(MIME_DIR / name), field) == expected


def test_long_folded_encoded_subject() -> None:
    message = _parse(MIME_DIR / "flanker/long-header.eml")
    assert message.subject.startswith("Die heiße Zypernsonne quälte")
    assert "=?" not in message.subject and "\n" not in message.subject


@pytest.mark.parametrize(
    ("name", "content_types"),
    [
        ("flanker/attached-pdf.eml", ["application/pdf"]),
        ("flanker/mailgun-pic.eml", ["image/png"]),
        ("flanker/russian-attachment-yahoo.eml", ["image/png"]),
        ("spamscope/mail_test_15", ["application/zip"]),
        ("flanker/bounce/zed.eml", ["message/delivery-status", "message/rfc822"]),
        ("flanker/bounce/mailbox-full.eml", ["message/delivery-status", "text/rfc822-headers"]),
        ("flanker/complaints/aol.eml", ["message/feedback-report", "message/rfc822"]),
        ("flanker/disposition-notification.eml", ["message/disposition-notification", "message/rfc822"]),
    ],
)
def test_attachment_types(name: str, content_types: list[str]) -> None:
    assert [a.content_type for a in _parse(MIME_DIR / name).attachments] == content_types


@pytest.mark.parametrize(("name", "count"), [("spamscope/mail_test_2", 3), ("spamscope/mail_test_5", 5)])
def test_attachment_counts(name: str, count: int) -> None:
    assert len(_parse(MIME_DIR / name).attachments) == count


def test_attachment_payloads_are_decoded() -> None:
    zipped = _parse(MIME_DIR / "spamscope/mail_test_15").attachments[0]
    assert zipped.filename == "REQUEST FOR QUOTE.zip"
    assert zipped.payload.startswith(b"PK") and zipped.size == len(zipped.payload)
    pdf = _parse(MIME_DIR / "flanker/attached-pdf.eml").attachments[0]
    assert pdf.payload.startswith(b"%PDF")


def test_encoded_attachment_file_names() -> None:
    polish = _parse(MIME_DIR / "spamscope/mail_test_11").attachments[0].filename
    assert polish is not None and "Śródmieście" in polish
    russian = _parse(MIME_DIR / "flanker/russian-attachment-yahoo.eml").attachments[0].filename
    assert russian is not None and russian.startswith("Картинка")


@pytest.mark.parametrize(
    ("name", "defect"),
    [
        ("spamscope/mail_malformed_1", "StartBoundaryNotFoundDefect"),
        ("spamscope/mail_malformed_2", "StartBoundaryNotFoundDefect"),
        ("spamscope/mail_malformed_3", "MultipartInvariantViolationDefect"),
        ("spamscope/mail_test_1", "CloseBoundaryNotFoundDefect"),
        ("flanker/missing-final-boundary.eml", "CloseBoundaryNotFoundDefect"),
        ("flanker/enclosed-broken.eml", "CloseBoundaryNotFoundDefect"),
        ("flanker/false-multipart.eml", "StartBoundaryNotFoundDefect"),
        ("flanker/mailformed-headers.eml", "NonASCIIHeader"),
    ],
)
def test_malformed_mail_records_defects(name: str, defect: str) -> None:
    assert any(d.startswith(defect) for d in _parse(MIME_DIR / name).defects)


def test_html_only_mail_gets_text() -> None:
    message = _parse(MIME_DIR / "flanker/long-links.eml")
    assert message.html and message.text.strip()
    assert "<" not in message.text.split("\n")[0]


def test_bounce_original_message_id_is_reachable() -> None:
    zed = _parse(MIME_DIR / "flanker/bounce/zed.eml")
    original = next(a for a in zed.attachments if a.is_message)
    assert b"Subject: tes" in original.payload


def _bounce_files() -> list[Path]:
    return sorted(BOUNCE_DIR.glob("*.eml"))


def test_sisimai_bounces_all_parse() -> None:
    files = _bounce_files()
    assert len(files) == 316
    with_original = 0
    for path in files:
        message = _parse(path)
        assert message.headers, path.name
        assert not [d for d in message.defects if d.startswith("ParseError")], path.name
        if any(a.is_message and b"Message-ID" in a.payload.replace(b"Message-Id", b"Message-ID")
               for a in message.attachments):
            with_original += 1
    # Measured when written; a drop means originals stopped being kept.
    assert with_original >= 165


# -- hand-made torture samples ------------------------------------------------------

def test_unknown_charset_falls_back() -> None:
    message = _parse(LOCAL_DIR / "unknown-charset.eml")
    assert message.subject == "Re: Facture n° 4711"
    assert message.from_name == "Café Ops"
    assert "a été payée" in message.text
    assert any(d.startswith("UnknownCharset") for d in message.defects)


def test_missing_closing_boundary() -> None:
    message = _parse(LOCAL_DIR / "missing-closing-boundary.eml")
    assert message.text == "We never received invoice INV-2026-0042. Could you resend it?"
    assert message.in_reply_to == "<reminder-42@vendor.example>"
    assert message.references == ("<invoice-42@vendor.example>", "<reminder-42@vendor.example>")
    assert any(d.startswith("CloseBoundaryNotFoundDefect") for d in message.defects)


def test_raw_8bit_headers() -> None:
    message = _parse(LOCAL_DIR / "8bit-headers.eml")
    assert message.from_name == "Jürgen Müller"  # latin-1 bytes
    assert message.subject == "Zahlung für Rechnung 2026-17"  # utf-8 bytes
    assert header(message, "subject") == message.subject
    assert header_all(message, "X-Missing") == []


def test_html_with_script() -> None:
    message = _parse(LOCAL_DIR / "html-script.eml")
    assert "tracking" not in message.text and "never shown" not in message.text
    assert "€12,400.00" in message.text  # windows-1252 quoted-printable
    assert "Hello,\n\nWe will pay invoice 881" in message.text


def test_huge_attachment_is_capped() -> None:
    size = 30 * 1024 * 1024
    encoded = base64.encodebytes(bytes(range(256)) * (size // 256)).replace(b"\n", b"\r\n")
    raw = (
        b"From: a@b.example\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n--XX\r\n'
        b"Content-Type: text/plain\r\n\r\nSee attached.\r\n--XX\r\n"
        b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="big.bin"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded + b"--XX--\r\n"
    )
    started = time.perf_counter()
    message = parse_message(raw)
    assert time.perf_counter() - started < 30
    (attachment,) = message.attachments
    assert attachment.size == size
    assert len(attachment.payload) == MAX_ATTACHMENT_BYTES
    assert any(d.startswith("AttachmentTruncated") for d in message.defects)
    assert message.text == "See attached."


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff" * 1000,
        b"no headers at all, just words",
        b"Subject: =?utf-8?B?!!!notbase64?=\r\nDate: yesterday-ish\r\n\r\nbody",
        b"Content-Type: multipart/mixed; boundary=a\r\n\r\n" + b"--a\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n" * 2000,
        b"From: <<<@@@>>>\r\nTo: ,,,;;;\r\nContent-Type: text/plain; charset=\"\"\r\n\r\n\xe9\xe8",
        b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64***",
    ],
    ids=["empty", "binary", "no-headers", "bad-encoded-word", "nested-bomb", "bad-addresses", "bad-base64"],
)
def test_garbage_never_raises(raw: bytes) -> None:
    message = parse_message(raw)
    assert isinstance(message, ParsedMessage)
    assert message.raw_size == len(raw)


@pytest.mark.parametrize(
    ("name", "own_text", "enclosed_text"),
    [
        ("flanker/enclosed.eml", "Hello", "kicking ass"),
        ("flanker/bounce/zed.eml", "(in reply to RCPT TO command)", "I'm trying to get some bounces"),
    ],
)
def test_attached_message_bodies_stay_out_of_the_text(name: str, own_text: str, enclosed_text: str) -> None:
    message = _parse(MIME_DIR / name)
    assert message.text.endswith(own_text)
    assert enclosed_text not in message.text
    original = next(a for a in message.attachments if a.is_message)
    assert enclosed_text in parse_message(original.payload).text  # the original parses again


@pytest.mark.parametrize(
    ("data", "charset", "expected", "defect"),
    [
        ("Grüße €5".encode("iso-8859-15"), "iso-8859-15", "Grüße €5", None),
        ("Grüße".encode(), None, "Grüße", None),
        ("Grüße €5".encode("windows-1252"), "utf-8", "Grüße €5", "CharsetMismatch"),
        ("Grüße".encode("latin-1"), "x-unknown", "Grüße", "UnknownCharset"),
        (b"caf\xe9 \x81", "utf-8", "café \x81", "CharsetMismatch"),  # 0x81: not in windows-1252
        ("Привет, мир! Всё хорошо".encode() + b"\xd1f", "utf-8", "Привет, мир! Всё хорошоÑf",
         "CharsetMismatch"),
    ],
    ids=["declared", "undeclared-utf8", "wrong-declared", "unknown", "latin1-last", "stray-byte"],
)
def test_charset_fallbacks(data: bytes, charset: str | None, expected: str, defect: str | None) -> None:
    from intents.mime.headers import decode_bytes

    defects: list[str] = []
    assert decode_bytes(data, charset, defects) == expected
    assert (defect is None and not defects) or any(d.startswith(str(defect)) for d in defects)


def test_mostly_utf8_html_with_a_corrupt_byte_stays_readable() -> None:
    message = _parse(MIME_DIR / "spamscope/mail_test_6")
    assert message.html is not None and "Профессионалы.ru" in message.html


def test_placeholder_plain_part_gives_way_to_html() -> None:
    raw = (
        b"From: billing@buyer.example\r\nSubject: Re: invoice 77\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain\r\n\r\nThis message requires an HTML capable mail client.\r\n--b\r\n"
        b"Content-Type: text/html\r\n\r\n<p>We paid invoice 77 on Monday.</p>\r\n--b--\r\n"
    )
    assert parse_message(raw).text == "We paid invoice 77 on Monday."
