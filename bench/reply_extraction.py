"""Compare reply-text extractors on the third-party gold set.

Usage: .venv/bin/python bench/reply_extraction.py [--details]

Gold: tests/fixtures/third_party/reply-extraction/expected.json. Each entry is
one upstream test assertion; the "set" is the upstream test suite it comes from
(crisp, github, mail-parser-reply, zapier). `compare: exact` means string
equality, `trim` means equality after stripping surrounding whitespace. Token-F1
is computed on whitespace tokens (multiset overlap), so it ignores layout.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "fixtures" / "third_party" / "reply-extraction"
sys.path.insert(0, str(ROOT))

SETS = {
    "crisp-oss/email-reply-parser": "crisp",
    "github/email_reply_parser": "github",
    "alfonsrv/mail-parser-reply": "mail-parser-reply",
    "zapier/email-reply-parser": "zapier",
}

Extractor = Callable[[str], str]


def load_gold() -> list[dict[str, str]]:
    entries: list[dict[str, str]] = json.loads((GOLD_DIR / "expected.json").read_text("utf-8"))
    for entry in entries:
        entry["set"] = SETS[entry["source"].split(":")[0]]
        raw = (GOLD_DIR / entry["file"]).read_bytes().decode("utf-8")
        # Bodies reach the extractor with LF line endings (the MIME layer normalises them).
        entry["input"] = raw.replace("\r\n", "\n")
    return entries


def mail_parser_reply(text: str) -> str:
    from mailparser_reply import EmailReplyParser
    from mailparser_reply.constants import MAIL_LANGUAGES

    languages = [lang for lang in MAIL_LANGUAGES if lang != "david"]
    message = EmailReplyParser(languages=languages).read(text)
    return message.replies[0].body if message.replies else ""


def quotequail_reply(text: str) -> str:
    import quotequail

    parts = quotequail.quote(text, quote_intro_line=True)
    return parts[0][1] if parts and parts[0][0] else ""


def email_reply_parser(text: str) -> str:
    from email_reply_parser import EmailReplyParser

    return str(EmailReplyParser.parse_reply(text))


def ours(text: str) -> str:
    from intents.reply.text import extract_reply

    return extract_reply(text).reply


EXTRACTORS: dict[str, Extractor] = {
    "mail-parser-reply": mail_parser_reply,
    "quotequail": quotequail_reply,
    "email-reply-parser": email_reply_parser,
    "ours (intents.reply.text)": ours,
}


def matches(entry: dict[str, str], got: str, *, loose: bool = False) -> bool:
    if loose or entry["compare"] == "trim":
        return got.strip() == entry["reply"].strip()
    return got == entry["reply"]


def token_f1(expected: str, got: str) -> float:
    want, have = Counter(expected.split()), Counter(got.split())
    if not want and not have:
        return 1.0
    overlap = sum((want & have).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(have.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def evaluate(
    extract: Extractor, entries: list[dict[str, str]], *, loose: bool = False
) -> dict[str, tuple[int, int, float]]:
    """Per set: (matches, entries, mean token-F1); `loose` compares every entry trimmed."""
    per_set: dict[str, list[tuple[bool, float]]] = {}
    for entry in entries:
        try:
            got = extract(entry["input"])
        except Exception:  # a crashing library scores zero on that entry
            got = ""
        per_set.setdefault(entry["set"], []).append(
            (matches(entry, got, loose=loose), token_f1(entry["reply"], got))
        )
    per_set["all"] = [item for items in list(per_set.values()) for item in items]
    return {
        name: (sum(ok for ok, _ in items), len(items), sum(f for _, f in items) / len(items))
        for name, items in per_set.items()
    }


def failures(extract: Extractor, entries: list[dict[str, str]]) -> list[str]:
    out = []
    for index, entry in enumerate(entries):
        got = extract(entry["input"])
        if not matches(entry, got):
            out.append(f"#{index} {entry['set']} {entry['file']}: {got!r}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--details", action="store_true", help="list our failing entries")
    args = parser.parse_args()
    entries = load_gold()
    order = ["crisp", "github", "mail-parser-reply", "zapier", "all"]
    print(f"Reply extraction, {len(entries)} gold entries; {datetime.now(UTC):%Y-%m-%d}, "
          f"Python {platform.python_version()}, {platform.machine()}")
    for title, loose in (("exact-match as upstream compares", False),
                         ("exact-match ignoring surrounding whitespace", True)):
        print(f"\n{title} (matches/entries / mean token-F1)\n")
        print("| extractor | " + " | ".join(order) + " |")
        print("|---" * (len(order) + 1) + "|")
        for name, extract in EXTRACTORS.items():
            scores = evaluate(extract, entries, loose=loose)
            cells = " | ".join(
                f"{scores[s][0]}/{scores[s][1]} / {scores[s][2]:.3f}" for s in order
            )
            print(f"| {name} | {cells} |")
    if args.details:
        for line in failures(ours, entries):
            print(line)


if __name__ == "__main__":
    main()
