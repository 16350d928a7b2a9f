"""Step 3: code normalized answers into reasons, keeping the evidence for every tag."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.codebook import OTHER, Codebook
from analysis.segment import Segmenter

# Clause boundaries: punctuation and whitespace tokens (after NFKC most punctuation is ASCII).
_BOUNDARY = re.compile(r"^[\s,.!?;:~、。！？；：…—\-()\[\]{}'\"“”‘’《》<>/|]+$")
# How far after an aspect a complaint word may stand ("服务员的态度真的是太差了").
_ASPECT_REACH = 6


@dataclass(frozen=True)
class Hit:
    """One piece of evidence: a reason, the rule that fired and the words it fired on."""

    reason: str
    rule: str
    words: tuple[str, ...]

    def __str__(self) -> str:
        joiner = "…" if self.rule == "aspect" else "+"
        return joiner.join(self.words)


class AnswerCoder:
    """Codes one normalized answer at a time; build once per codebook and reuse."""

    def __init__(self, codebook: Codebook, segmenter: Segmenter | None = None) -> None:
        self.codebook = codebook
        self.segmenter = segmenter or Segmenter.for_codebook(codebook)
        cues = codebook.cues
        self.negators = frozenset(cues.negators)
        self.denials = frozenset(cues.denials)
        self.waivers = frozenset(cues.waivers)
        self.contrast = frozenset(cues.contrast)
        self.degree = frozenset(cues.degree)
        self.complaints = frozenset(cues.complaints)
        self.wishes = frozenset(cues.wishes)
        self.generic_praise = frozenset(cues.praise)
        self.signals = self._index("signals")
        self.aspects = self._index("aspects")
        self.praise = self._index("praise")
        self.patterns = [
            (reason.id, re.compile(pattern)) for reason in codebook.reasons for pattern in reason.patterns
        ]

    def _index(self, attribute: str) -> dict[str, tuple[str, ...]]:
        """Word → the reasons whose list `attribute` holds it."""
        index: dict[str, list[str]] = {}
        for reason in self.codebook.reasons:
            for word in getattr(reason, attribute):
                index.setdefault(word, []).append(reason.id)
        return {word: tuple(ids) for word, ids in index.items()}

    def clauses(self, tokens: list[str]) -> list[list[str]]:
        """Tokens grouped into clauses at punctuation and contrast words."""
        clauses: list[list[str]] = [[]]
        for token in tokens:
            if _BOUNDARY.match(token) or token in self.contrast:
                if clauses[-1]:
                    clauses.append([])
                continue
            clauses[-1].append(token)
        return [c for c in clauses if c]

    def _negator(self, clause: list[str], index: int) -> int:
        """Index of the negator governing the word at index, or -1 (degree words may stand between)."""
        j = index - 1
        while j >= 0 and clause[j] in self.degree:
            j -= 1
        return j if j >= 0 and clause[j] in self.negators else -1

    def _negated(self, clause: list[str], index: int) -> bool:
        """Whether a negator governs the word at index."""
        return self._negator(clause, index) >= 0

    def _is_complaint(self, clause: list[str], index: int) -> bool:
        """Whether the word at index says something is wrong: a complaint word, or negated generic praise.

        Negated praise of a reason ("不便宜") is a hit of its own, so it is not counted again here.
        """
        token = clause[index]
        if token in self.complaints:
            return not self._negated(clause, index)
        return token in self.generic_praise and self._negated(clause, index)

    def code_clause(self, clause: list[str]) -> list[Hit]:
        """The hits in one clause, after denial and wave-off cues have had their say."""
        if any(token in self.waivers for token in clause):
            return []
        hits: list[Hit] = []
        wish = False
        for i, token in enumerate(clause):
            if token in self.denials:
                return hits
            if token in self.wishes:
                wish = True
            for reason in self.signals.get(token, ()):
                if not self._negated(clause, i):
                    hits.append(Hit(reason, "signal", (token,)))
            for reason in self.praise.get(token, ()):
                negator = self._negator(clause, i)
                if negator >= 0:
                    hits.append(Hit(reason, "negated praise", (clause[negator], token)))
                elif wish:
                    hits.append(Hit(reason, "wish", (token,)))
            for reason in self.aspects.get(token, ()):
                for j in range(i + 1, min(len(clause), i + 1 + _ASPECT_REACH)):
                    # another aspect takes over; a denial ("价格倒不是问题") voids what follows it
                    if clause[j] in self.denials or (clause[j] in self.aspects and reason not in self.aspects[clause[j]]):
                        break
                    if self._is_complaint(clause, j):
                        hits.append(Hit(reason, "aspect", (token, clause[j])))
                        break
        text = "".join(clause)
        for reason, pattern in self.patterns:
            match = pattern.search(text)
            if match:
                hits.append(Hit(reason, "pattern", (match.group(0),)))
        return hits

    def code(self, text: str) -> list[Hit]:
        """All hits in one normalized answer."""
        if not text:
            return []
        return [hit for clause in self.clauses(self.segmenter.tokens(text)) for hit in self.code_clause(clause)]


def tags_of(hits: list[Hit]) -> str:
    """Sorted, `|`-joined tags of the hits; exactly `other` when there are none."""
    found = {hit.reason for hit in hits}
    return "|".join(sorted(found)) if found else OTHER


def evidence_of(hits: list[Hit], order: tuple[str, ...]) -> str:
    """Human-readable evidence: `reason: words (rule); …` in codebook order."""
    parts = []
    for reason in order:
        mine = list(dict.fromkeys(f"{hit} ({hit.rule})" for hit in hits if hit.reason == reason))
        if mine:
            parts.append(f"{reason}: {', '.join(mine)}")
    return "; ".join(parts)


def evidence_parts(evidence: str) -> dict[str, str]:
    """An evidence string split back into reason → its items (`太贵 (signal), …`)."""
    parts: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in str(evidence or "").split(";"))):
        reason, _, items = part.partition(":")
        parts[reason.strip()] = items.strip()
    return parts


def evidence_terms(evidence: str) -> dict[str, list[str]]:
    """The words behind each tag, read back from an evidence string (for highlighting)."""
    terms: dict[str, list[str]] = {}
    for reason, items in evidence_parts(evidence).items():
        for item in items.split(","):
            if item.strip().endswith("(model)"):
                continue  # the learned layer names a probability, not words
            words = re.sub(r"\s*\([^)]*\)\s*$", "", item.strip())
            terms.setdefault(reason, []).extend(w for w in re.split(r"[…+]", words) if w)
    return terms


@functools.lru_cache(maxsize=4)
def coder_for(codebook: Codebook) -> AnswerCoder:
    """A ready coder per codebook, so the segmenter's dictionary is built once."""
    return AnswerCoder(codebook)


def code_answers(
    normalized: pd.Series,
    codebook: Codebook,
    progress: Callable[[float], None] | None = None,
) -> pd.DataFrame:
    """Tags and evidence for every normalized answer; each distinct answer is coded once."""
    coder = coder_for(codebook)
    unique = pd.unique(normalized.astype("object"))
    coded: dict[str, tuple[str, str]] = {}
    step = max(1, len(unique) // 100)
    for n, text in enumerate(unique, start=1):
        hits = coder.code(text if isinstance(text, str) else "")
        coded[text] = (tags_of(hits), evidence_of(hits, codebook.ids))
        if progress is not None and (n % step == 0 or n == len(unique)):
            progress(n / len(unique))
    pairs = normalized.astype("object").map(coded)
    return pd.DataFrame(
        {"tags": pairs.map(lambda p: p[0]), "evidence": pairs.map(lambda p: p[1])},
        index=normalized.index,
    ).astype("object")
