"""Step 3: code normalized answers into reasons, keeping the evidence for every tag."""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.codebook import OTHER, Codebook, reason_alternations
from analysis.cue_span import CueSpan
from analysis.rivals import RivalFinder
from analysis.screen import Screen, context_free
from analysis.segment import Segmenter

# Clause boundaries: punctuation and whitespace tokens (after NFKC most punctuation is ASCII).
_BOUNDARY = re.compile(r"^[\s,.!?;:~、。！？；：…—\-()\[\]{}'\"“”‘’《》<>/|]+$")
# How many distinct tokens keep their clause-boundary verdict before the store starts over.
_MEMORY = 500_000
# How far after an aspect a complaint word may stand ("服务员的态度真的是太差了").
_ASPECT_REACH = 6
# What a non-answer is compared without: punctuation, spaces and trailing particles ("没有啊。" is "没有").
_NOT_WORD = re.compile(r"[\W_]+")
_TRAILING_PARTICLES = re.compile(r"[了啊吧呢哈呀哦喔嘛的]+$")
NON_ANSWER = "non-answer"


def _bare(text: str) -> str:
    """The answer without punctuation, spaces and trailing particles."""
    return _TRAILING_PARTICLES.sub("", _NOT_WORD.sub("", text))


def is_non_answer(evidence: str) -> bool:
    """Whether the codebook's evidence says the answer says nothing (无, 没有, 不知道…)."""
    return f"({NON_ANSWER})" in str(evidence or "")


class _Boundaries(dict):
    """Token → whether it ends a clause (punctuation, whitespace, a contrast word), worked out once per token."""

    def __init__(self, contrast: frozenset[str]) -> None:
        super().__init__()
        self.contrast = contrast

    def __missing__(self, token: str) -> bool:
        if len(self) >= _MEMORY:  # a bound, so a stream of millions of answers stays flat
            self.clear()
        boundary = self[token] = bool(_BOUNDARY.match(token)) or token in self.contrast
        return boundary


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
        # one alternation per reason: praise that names it (比超市实惠), advice that voids it (建议大家换一家)
        self.praise_patterns = reason_alternations(codebook, "praise_patterns")
        self.void_patterns = reason_alternations(codebook, "void_patterns")
        # tokens that can start a word-level hit; a clause without any skips the word loop
        self.lexicon = frozenset((*self.signals, *self.aspects, *self.praise))
        # comparisons that name a rival (不如如家, 跟旺德福差远了), one screen entry per pattern
        self.rivals = RivalFinder(codebook)
        # one screen for all three kinds: slot patterns are numbered first, then each reason's praise
        # patterns, then each reason's rival patterns
        self._screen = Screen([pattern for _reason, pattern in self.patterns] + list(self.praise_patterns.values())
                               + [pattern for _reason, pattern in self.rivals.patterns])
        self._rivals_from = len(self.patterns) + len(self.praise_patterns)
        # per slot pattern, what must match the whole answer for the pattern to match one of its clauses
        self._answer_filters = [context_free(pattern) or re.compile("") for _reason, pattern in self.patterns]
        self._boundaries = _Boundaries(self.contrast)
        self._shapes: dict[str, bool | tuple[str | None, ...]] = {}
        # a clause with none of these can only hit through a slot pattern
        self._cue_words = self.lexicon | self.waivers | self.denials
        # every token _word_hits does anything with
        self._word_cues = self.lexicon | self.denials | self.wishes
        self._cue_span = CueSpan(self._cue_words)
        self.non_answers = frozenset(filter(None, map(_bare, cues.non_answers)))
        # a longer answer is no listed non-answer plus a few marks and particles: it skips the comparison
        self._non_answer_length = max(map(len, cues.non_answers), default=0) + 4

    def _index(self, attribute: str) -> dict[str, tuple[str, ...]]:
        """Word → the reasons whose list `attribute` holds it."""
        index: dict[str, list[str]] = {}
        for reason in self.codebook.reasons:
            for word in getattr(reason, attribute):
                index.setdefault(word, []).append(reason.id)
        return {word: tuple(ids) for word, ids in index.items()}

    def clauses(self, tokens: list[str]) -> list[list[str]]:
        """Tokens grouped into clauses at punctuation and contrast words."""
        return [list(run) for boundary, run in itertools.groupby(tokens, self._boundaries.__getitem__) if not boundary]

    def _shape(self, raw: str) -> bool | tuple[str | None, ...]:
        """How one raw token of the backend's cut enters clauses: True, itself a word; False, a boundary;
        else its words with None for each boundary among them."""
        words = self.segmenter.words_of(raw)
        if words == (raw,):
            return not self._boundaries[raw]
        return tuple(None if self._boundaries[word] else word for word in words)

    def clauses_of(self, text: str) -> list[list[str]]:
        """The clauses of one normalized answer: `clauses(segmenter.tokens(text))` in a single pass."""
        shapes = self._shapes
        if len(shapes) >= _MEMORY:  # a bound, so a stream of millions of answers stays flat
            shapes.clear()
        clauses: list[list[str]] = []
        current: list[str] = []
        for raw in self.segmenter.tokenizer.raw_cut(text):
            shape = shapes.get(raw)
            if shape is None:
                shape = shapes[raw] = self._shape(raw)
            if shape is True:
                current.append(raw)
            elif shape is False:
                if current:
                    clauses.append(current)
                    current = []
            else:
                for word in shape:
                    if word is not None:
                        current.append(word)
                    elif current:
                        clauses.append(current)
                        current = []
        if current:
            clauses.append(current)
        return clauses

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

    def patterns_for(self, text: str) -> list[int]:
        """Numbers of the slot patterns that can match somewhere in text, in codebook order."""
        return [number for number in self._screen.candidates(text) if number < len(self.patterns)]

    def code_clause(self, clause: list[str], patterns: list[int] | None = None,
                    cancelled: set[str] | None = None) -> list[Hit]:
        """The hits in one clause, after denial and wave-off cues have had their say.

        `patterns` are the numbers of the slot patterns worth trying (patterns_for the answer);
        by default those that can match the clause. Reasons the clause names only to deny, void
        or wave them off are added to `cancelled` when it is given.
        """
        if patterns is None:
            patterns = self.patterns_for("".join(clause))
        if not self.waivers.isdisjoint(clause):
            if cancelled is not None:  # what the clause would have said, had it not been waved off
                waived = self._word_hits(clause, cancelled) + self._pattern_hits("".join(clause), patterns)
                cancelled.update(hit.reason for hit in waived)
            return []
        hits = [] if self.lexicon.isdisjoint(clause) else self._word_hits(clause, cancelled)
        if not self.denials.isdisjoint(clause):
            if cancelled is not None:
                cancelled.update(hit.reason for hit in self._pattern_hits("".join(clause), patterns))
            # a denial voids what follows it, and slot patterns cannot tell what follows
            return self._unvoided(clause, hits, cancelled)
        return self._unvoided(clause, hits + self._pattern_hits("".join(clause), patterns), cancelled)

    def _unvoided(self, clause: list[str], hits: list[Hit], cancelled: set[str] | None) -> list[Hit]:
        """The hits minus those of reasons the clause voids ("建议大家换一家" is advice, not a switch)."""
        if not hits or not self.void_patterns:
            return hits
        text = "".join(clause)
        void = {reason for reason in {hit.reason for hit in hits}
                if reason in self.void_patterns and self.void_patterns[reason].search(text)}
        if not void:
            return hits
        if cancelled is not None:
            cancelled.update(void)
        return [hit for hit in hits if hit.reason not in void]

    def _pattern_hits(self, text: str, numbers: list[int]) -> list[Hit]:
        """Hits of the given slot patterns in one clause's text."""
        hits = []
        for number in numbers:
            reason, pattern = self.patterns[number]
            match = pattern.search(text)
            if match:
                hits.append(Hit(reason, "pattern", (match.group(0),)))
        return hits

    def _word_hits(self, clause: list[str], cancelled: set[str] | None = None) -> list[Hit]:
        """Hits of codebook words in one clause, up to its first denial.

        With `cancelled`, also the reasons whose words stand after a denial (不是因为价格, 价格倒不是问题).
        """
        hits: list[Hit] = []
        wish = False
        for i, token in enumerate(clause):
            if token not in self._word_cues:  # most tokens: one lookup instead of five
                continue
            if token in self.denials:
                if cancelled is not None:
                    cancelled.update(reason for word in clause[i + 1:] for index in (self.signals, self.aspects, self.praise)
                                     for reason in index.get(word, ()))
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
                        if cancelled is not None and clause[j] in self.denials:
                            cancelled.add(reason)
                        break
                    if self._is_complaint(clause, j):
                        hits.append(Hit(reason, "aspect", (token, clause[j])))
                        break
        return hits

    def code(self, text: str, cancelled: set[str] | None = None) -> list[Hit]:
        """All hits in one normalized answer; with `cancelled`, also the reasons named only to be
        praised (praise patterns), denied, voided or waved off (some may have a hit elsewhere)."""
        if not text:
            return []
        if len(text) <= self._non_answer_length and _bare(text) in self.non_answers:
            return [Hit(OTHER, NON_ANSWER, (text,))]
        candidates = self._screen.candidates(text)
        slots = len(self.patterns)
        # a clause's text is part of the answer's, so this screen holds for each clause; and a pattern worth
        # trying on each clause (six on average) must match the answer once it is free of its context
        patterns = [number for number in candidates if number < slots and self._answer_filters[number].search(text)]
        hits: list[Hit] = []
        # without a slot pattern to try, only clauses with a cue word can hit: the pieces around them need no cut
        span = text if patterns else self._cue_span(text)
        for clause in self.clauses_of(span) if span else ():
            if not self._cue_words.isdisjoint(clause):
                hits += self.code_clause(clause, patterns, cancelled)
            elif patterns:
                found = self._pattern_hits("".join(clause), patterns)
                if found:
                    hits += self._unvoided(clause, found, cancelled)
        if candidates and candidates[-1] >= self._rivals_from:
            hits += [Hit(m.reason, "rival", (m.match,)) for m in self.rivals.mentions(
                text, [number - self._rivals_from for number in candidates if number >= self._rivals_from])]
        if cancelled is not None and candidates and candidates[-1] >= slots:
            reasons = list(self.praise_patterns)
            cancelled.update(reasons[number - slots] for number in candidates
                             if slots <= number < self._rivals_from
                             and self.praise_patterns[reasons[number - slots]].search(text))
        return hits


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


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Cyclic garbage collection off for the duration: coding makes millions of short-lived lists and
    hits, none in a reference cycle, and each collection would walk every cached token and shape.
    Reference counting still frees them, so memory stays flat."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@functools.lru_cache(maxsize=4)
def coder_for(codebook: Codebook) -> AnswerCoder:
    """A ready coder per codebook, so the segmenter's dictionary is built once."""
    return AnswerCoder(codebook)


def code_answers(
    normalized: pd.Series,
    codebook: Codebook,
    progress: Callable[[float], None] | None = None,
) -> pd.DataFrame:
    """Tags and evidence for every normalized answer; each distinct answer is coded once.

    A third column, `cancelled`, holds the reasons an answer names only to praise, deny, void
    or wave off (`|`-joined, empty when none): not a tag, but what the learned layer weighs
    against its n-grams ("比超市实惠", "离地铁很近", "不是因为价格", "建议大家换一家").
    """
    coder = coder_for(codebook)
    answer, unique = pd.factorize(normalized.astype("object"), use_na_sentinel=False)
    rows: list[tuple[str, str, str]] = []
    step = max(1, len(unique) // 100)
    with gc_paused():
        for n, text in enumerate(unique, start=1):
            cancelled: set[str] = set()
            hits = coder.code(text if isinstance(text, str) else "", cancelled)
            cancelled.difference_update(hit.reason for hit in hits)
            rows.append((tags_of(hits) if hits else OTHER, evidence_of(hits, codebook.ids) if hits else "",
                         "|".join(sorted(cancelled))))
            if progress is not None and (n % step == 0 or n == len(unique)):
                progress(n / len(unique))
    table = np.empty((len(rows), 3), dtype=object)
    if rows:
        table[:] = rows
    coded = table[answer]
    return pd.DataFrame({"tags": coded[:, 0], "evidence": coded[:, 1], "cancelled": coded[:, 2]},
                        index=normalized.index, dtype="object")
