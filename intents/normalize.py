"""Text as the readers see it: typography folded, invisible characters gone, digits ASCII.

Real mail is typed on phones and in Outlook: curly apostrophes ("haven’t"), “smart”
quotes, en and em dashes, ellipsis characters, non-breaking and thin spaces, zero-width
joiners, soft hyphens, byte-order marks, full-width forms from East Asian keyboards and
non-ASCII digits. None of them changes what a sentence says, but each one changes the
tokens a model or a pattern sees. The classifier, the cues and the entity extraction all
read the normalised text; `Normalized.original` maps a span back into the text as written,
so evidence shown to a person is the customer's own words.

Only compatibility forms that are safe are folded (NFKC on full-width and half-width
forms, ligatures and spaces): "m²" or "½" keep their meaning by staying as they are.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# One character to one replacement (possibly empty or longer).
_FOLD: dict[str, str] = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'", "\u00b4": "'",
    "\u0060": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2039": '"', "\u203a": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u180e": "",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ", "\u2003": " ",
    "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ", "\u205f": " ", "\u3000": " ",
    "\u2028": "\n", "\u2029": "\n",
}


def _fold(ch: str) -> str:
    if ch in _FOLD:
        return _FOLD[ch]
    code = ord(ch)
    if ch.isascii():
        return ch
    if 0xFF01 <= code <= 0xFFEF or 0xFB00 <= code <= 0xFB06:  # full/half-width forms, ligatures
        return unicodedata.normalize("NFKC", ch)
    if ch.isdigit() and unicodedata.category(ch) == "Nd":  # Arabic-Indic, Devanagari, ... digits
        return str(unicodedata.digit(ch))
    if unicodedata.category(ch) == "Cf":  # other invisible format characters (bidi marks, ...)
        return ""
    return ch


@dataclass(frozen=True)
class Normalized:
    text: str
    # offsets[i]: where normalised character i came from in the original; one extra entry
    # for the end, so a span's end maps too.
    offsets: tuple[int, ...]
    source: str

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised `text[start:end]` came from."""
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start), len(self.text))
        stop = self.offsets[end]
        if 0 < end < len(self.text) and stop == self.offsets[end - 1]:
            stop += 1  # the span ends inside one character expanded into several ("…" -> "...")
        return self.offsets[start], max(stop, self.offsets[start])

    def original_text(self, start: int, end: int) -> str:
        a, b = self.original(start, end)
        return self.source[a:b]

    def find_original(self, needle: str) -> str | None:
        """`needle` (a piece of the normalised text) as the customer wrote it."""
        at = self.text.find(needle)
        if at < 0 or not needle:
            return None
        return self.original_text(at, at + len(needle))


def normalize_text(text: str) -> Normalized:
    if text.isascii():  # most mail: nothing to fold, and no per-character work
        return Normalized(text, tuple(range(len(text) + 1)), text)
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if unicodedata.combining(ch) and out:
            # A combining accent after its letter: compose it (e + U+0301 -> é) so the two
            # spellings of one word read the same.
            composed = unicodedata.normalize("NFC", out[-1] + ch)
            if len(composed) == 1:
                out[-1] = composed
                continue
        folded = _fold(ch)
        for piece in folded:
            out.append(piece)
            offsets.append(i)
    offsets.append(len(text))
    return Normalized("".join(out), tuple(offsets), text)


def normalize(text: str) -> str:
    return text if text.isascii() else normalize_text(text).text
