"""Rule cues: a tiny pattern language compiled to spaCy Matcher patterns, with negation scope.

Each intent module (`intents/not_received.py`, ...) lists its cues as `Cue` objects. A cue
pattern is a space-separated list of token tests:

- `paid|settled`   the lower-cased token is one of these words
- `re:^receiv`     the lower-cased token matches a regular expression
- `~3`             up to three arbitrary tokens
- `word?`          an optional token (any test followed by `?`)

Scope rules keep a cue from firing where a reader would not count it:
- `blockers`: words that must not occur inside the match, so "not received the invoice"
  fires for not-received while "not received the payment confirmation" does not;
- `negatable`: a negator ("not", "n't", "never", "nicht", "pas", "no", ...) inside the match
  or in the same clause within `NEGATION_WINDOW` tokens before it cancels the cue ("we have not
  paid yet" is no already-paid cue). A clause ends at punctuation or "but/aber/mais/pero".
- `futures`: like negators, for words that turn a past statement into a plan ("will be paid").

A cue with a negative `weight` is a counter-cue: wording that looks like the intent but
is not it ("update your records" is no already-paid).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

_NEGATORS = ("not n't never no nor cannot nothing neither nicht nie niemals kein keine keinen keinem pas "
             "jamais aucun aucune ni nunca ningún ninguna tampoco")
_BREAKS = ". , ; : ! ? ( ) but however although though aber jedoch mais cependant pero sin because since weil car porque and"
NEGATORS = frozenset(_NEGATORS.split())
CLAUSE_BREAKS = frozenset(_BREAKS.split())
NEGATION_WINDOW = 5


@dataclass(frozen=True)
class Cue:
    pattern: str
    negatable: bool = False
    blockers: frozenset[str] = field(default_factory=frozenset)
    futures: frozenset[str] = field(default_factory=frozenset)
    weight: float = 1.0


def cue(pattern: str, *, negatable: bool = False, blockers: Iterable[str] = (),
        futures: Iterable[str] = (), weight: float = 1.0) -> Cue:
    return Cue(pattern, negatable, frozenset(blockers), frozenset(futures), weight)


def compile_pattern(pattern: str) -> list[dict[str, Any]]:
    tokens: list[dict[str, Any]] = []
    for part in pattern.split():
        if part.startswith("~"):
            tokens.append({"OP": f"{{0,{int(part[1:])}}}"})
            continue
        optional = part.endswith("?") and len(part) > 1
        part = part[:-1] if optional else part
        literal = _LITERAL_SET.match(part)  # "re:^(a|b)$" is a word set: cheaper, and indexable
        words = literal.group(1).split("|") if literal else part.split("|")
        test: dict[str, Any] = ({"LOWER": {"REGEX": part[3:]}} if part.startswith("re:") and not literal
                                else {"LOWER": {"IN": words}})
        if optional:
            test["OP"] = "?"
        tokens.append(test)
    return tokens


_LITERAL_SET = re.compile(r"^re:\^\(?([\w'|-]+)\)?\$$")
GROUP_SIZE = 12


def anchor_words(pattern: list[dict[str, Any]]) -> frozenset[str] | None:
    """The words one of which a doc must contain for the pattern to match: its first
    token's word set; None when the first token is optional, a gap or a regular expression."""
    first = pattern[0] if pattern else {}
    words = first.get("LOWER", {}).get("IN") if "OP" not in first else None
    return frozenset(words) if words else None


@dataclass(frozen=True)
class CueHit:
    label: str
    start: int  # token offsets in the doc
    end: int
    weight: float


class CueMatcher:
    """All intents' cues in spaCy Matchers; `hits(doc)` applies the scope rules.

    A Matcher tries every pattern at every token, so the cost grows with the number of cues.
    The cues are grouped by the words they start with, and a group runs only on a doc that
    contains one of them (cues starting with a gap or a regular expression always run).
    """

    def __init__(self, nlp: Language, cues: Mapping[str, Sequence[Cue]]) -> None:
        from spacy.matcher import Matcher

        self._cues: dict[str, tuple[str, Cue]] = {}
        anchored: list[tuple[str, list[dict[str, Any]], frozenset[str]]] = []
        always: Matcher = Matcher(nlp.vocab)
        for label, items in cues.items():
            for i, c in enumerate(items):
                key = f"{label}#{i}"
                self._cues[key] = (label, c)
                pattern = compile_pattern(c.pattern)
                anchor = anchor_words(pattern)
                if anchor is None:
                    always.add(key, [pattern])
                else:
                    anchored.append((key, pattern, anchor))
        self._groups: list[tuple[frozenset[str] | None, Matcher]] = [(None, always)]
        anchored.sort(key=lambda item: sorted(item[2]))
        for n in range(0, len(anchored), GROUP_SIZE):
            matcher = Matcher(nlp.vocab)
            words: set[str] = set()
            for key, pattern, anchor in anchored[n:n + GROUP_SIZE]:
                matcher.add(key, [pattern])
                words |= anchor
            self._groups.append((frozenset(words), matcher))

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        present = {t.lower_ for t in doc}
        found: list[tuple[int, int, int]] = []
        for words, matcher in self._groups:
            if words is None or not words.isdisjoint(present):
                found.extend(matcher(doc))
        return found

    def hits(self, doc: Doc) -> list[CueHit]:
        out: list[CueHit] = []
        for match_id, start, end in self._matches(doc):
            label, c = self._cues[doc.vocab.strings[match_id]]
            words = [t.lower_ for t in doc[start:end]]
            if c.blockers and any(w in c.blockers for w in words[1:-1]):
                continue
            # A negator inside the gaps of a negatable cue governs it too ("we have not sent the payment").
            if c.negatable and any(w in NEGATORS for w in words[1:-1]):
                continue
            if (c.negatable or c.futures) and _scoped(doc, start, c):
                continue
            out.append(CueHit(label, start, end, c.weight))
        return out


def _scoped(doc: Doc, start: int, c: Cue) -> bool:
    """True if a negator (or future marker) governs the match from the same clause."""
    for i in range(start - 1, max(-1, start - 1 - NEGATION_WINDOW), -1):
        word = doc[i].lower_
        if word in CLAUSE_BREAKS:
            return False
        if c.negatable and word in NEGATORS:
            return True
        if word in c.futures:
            return True
    return False
