"""Header and charset decoding that never raises.

Mail in the wild declares charsets that do not exist ("x-unknown"), lies about
them, or puts raw 8-bit bytes into headers (RFC 6532 allows UTF-8; older clients
send windows-1252 or KOI8). Text is decoded with the declared charset first, then
UTF-8, windows-1252 and finally latin-1, which accepts every byte.
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime
from email.header import decode_header
from email.utils import getaddresses, parsedate_to_datetime

FALLBACK_CHARSETS = ("utf-8", "windows-1252", "latin-1")
_CHARSET_ALIASES = {"unknown-8bit": "latin-1", "x-user-defined": "windows-1252", "ascii": "utf-8",
                    "us-ascii": "utf-8", "iso-8859-8-i": "iso-8859-8", "ks_c_5601-1987": "cp949",
                    "gb2312": "gb18030", "gbk": "gb18030"}
_FOLD = re.compile(r"\r?\n[ \t]*")
_MSGID = re.compile(r"<[^<>\s]+>")


def known_charset(charset: str | None) -> str | None:
    """The Python codec name for a declared charset, or None when it is unusable."""
    if not charset:
        return None
    name = charset.strip().strip("\"'").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def decode_bytes(data: bytes, charset: str | None, defects: list[str] | None = None) -> str:
    """Decode with the declared charset, then utf-8, windows-1252, latin-1."""
    declared = known_charset(charset)
    if charset and declared is None and defects is not None:
        defects.append(f"UnknownCharset: {charset!r}")
    candidates = [c for c in (declared, *FALLBACK_CHARSETS) if c]
    for index, candidate in enumerate(candidates):
        try:
            text = data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            if candidate == "utf-8" and _mostly_utf8(data):
                # A few corrupt bytes in UTF-8 text: keep the UTF-8, patch only the strays.
                if defects is not None:
                    defects.append(f"CharsetMismatch: declared {charset!r}, stray non-UTF-8 bytes")
                return decode_mixed(data)
            continue
        if index and declared and defects is not None:
            defects.append(f"CharsetMismatch: declared {charset!r}, decoded as {candidate}")
        return text
    return data.decode("latin-1")  # unreachable: latin-1 maps every byte


def _mostly_utf8(data: bytes) -> bool:
    """At least four valid non-ASCII UTF-8 characters for every invalid byte sequence."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    valid = sum(1 for ch in text if ch > "\x7f") - bad
    return valid >= 4 * bad


def decode_mixed(data: bytes) -> str:
    """UTF-8 where the bytes are valid UTF-8, windows-1252 for the stray bytes between.

    Headers with raw 8-bit bytes are mostly UTF-8 (RFC 6532) with an occasional legacy
    byte; decoding run by run keeps both readable.
    """
    out = []
    while data:
        try:
            out.append(data.decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            out.append(data[: exc.start].decode("utf-8"))
            bad = data[exc.start : max(exc.end, exc.start + 1)]
            out.append(bad.decode("windows-1252", errors="replace"))
            data = data[exc.start + len(bad) :]
    return "".join(out)


def decode_header_value(value: object, defects: list[str] | None = None) -> str:
    """RFC 2047 decoded, unfolded header text; raw 8-bit bytes decoded by fallback.

    The stdlib parser keeps raw 8-bit header bytes as surrogate escapes.
    """
    if value is None:
        return ""
    text = str(value)
    text = unescape_raw(text)
    if defects is not None and text != _FOLD.sub(" ", str(value)):
        defects.append("NonASCIIHeader: raw 8-bit bytes in a header")
    if "=?" not in text:
        return text.strip()
    try:
        chunks = decode_header(text)
    except Exception:
        if defects is not None:
            defects.append("HeaderDecodeDefect: bad RFC 2047 encoded-word")
        return text.strip()
    out = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            out.append(decode_bytes(chunk, charset, defects))
        else:
            out.append(chunk)
    # decode_header drops the whitespace between an encoded word and plain text only
    # between encoded words (RFC 2047 section 6.2), so plain joins are correct.
    return "".join(out).strip()


def unescape_raw(value: object) -> str:
    """Raw header text, unfolded, with raw 8-bit bytes decoded but RFC 2047 words kept."""
    text = _FOLD.sub(" ", str(value or ""))
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = decode_mixed(text.encode("utf-8", "surrogateescape"))
    return text


def parse_addresses(raw_values: list[str]) -> list[tuple[str, str]]:
    """(display name, lower-case addr-spec) pairs from raw header values.

    Addresses are split before RFC 2047 decoding: an encoded display name may hide a
    comma ("=?iso-8859-1?Q?Last=2C_First?=") that must not split the list.
    """
    try:
        pairs = getaddresses([unescape_raw(value) for value in raw_values])
    except Exception:
        return []
    out = []
    for name, address in pairs:
        address = address.strip().strip("<>").lower()
        if address and "@" in address:
            out.append((decode_header_value(name), address))
    return out


def parse_date(value: str | None, defects: list[str]) -> datetime | None:
    """Aware datetime; a date without zone (or "-0000") is taken as UTC (RFC 5322 3.3)."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        defects.append(f"DateHeaderDefect: cannot parse {value[:80]!r}")
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def message_ids(value: str | None) -> tuple[str, ...]:
    """Every <id> token of Message-ID, In-Reply-To or References."""
    if not value:
        return ()
    found = _MSGID.findall(value)
    if not found and value.strip():
        return (f"<{value.strip().strip('<>')}>",)
    return tuple(found)
