"""Comparisons that name a rival: 不如如家, 跟旺德福差远了, 还是麦当劳的好吃, 试试汉庭吧.

A rival is rarely a word a codebook can list: customers name the shop down the road, a
chain, a brand. So a reason's `rival_patterns` (lexicons/codebook/*.toml) describe the
construction — a comparison we lose, a preference, a switch — with a named group `rival`
for the thing compared, and this step decides whether that thing is a rival at all:
- a name: a word the part-of-speech dictionary tags as a person, place, organisation,
  brand or Latin word (cues.toml `rival_name_tags`);
- a word that names a rival or a kind of rival (cues.toml `rival_words`: 超市, 实体店, 别家, 如家 …);
and not our own past, an expectation or a standard (cues.toml `not_rivals`: 以前, 想象,
二星, 招待所, 自己 …), which, at the start of the group, makes the comparison none of
a rival's (`不如以前好吃`), unless a name follows it (`远不如以前的魏家凉皮`).

The part-of-speech tags come from jieba-rs' tagger (rjieba), and only for the few words
inside a matched group, so coding stays as fast as the patterns are selective.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.codebook import Codebook, reason_alternations

# the clause around a match: voids (advice to others, another branch) are judged in it
_CLAUSE_END = re.compile(r"[,，。!！?？;；\n]")
_LETTERS = re.compile(r"[a-z]")


@functools.cache
def _tagger():
    """jieba-rs' part-of-speech tagger (its own dictionary; loaded on the first comparison)."""
    import rjieba

    return rjieba.tag


@dataclass(frozen=True)
class RivalMention:
    """A comparison that names a rival: the reason it signals, the words matched and the rival named."""

    reason: str
    match: str
    rival: str


class RivalFinder:
    """Finds each reason's rival comparisons in a normalized answer; build once per codebook."""

    def __init__(self, codebook: Codebook) -> None:
        cues = codebook.cues
        # longest first, so 快捷酒店 is named rather than 酒店
        self.words = tuple(sorted(set(cues.rival_words), key=len, reverse=True))
        self.name_tags = frozenset(cues.rival_name_tags)
        # longest first, so 以前的 is taken before 以前
        self.not_rivals = tuple(sorted(set(cues.not_rivals), key=len, reverse=True))
        self.past = frozenset(cues.past_words)
        # one entry per pattern, so the coder's screen tries only those whose words are in the answer
        self.patterns = [(reason.id, re.compile(p)) for reason in codebook.reasons for p in reason.rival_patterns]
        self._groups = [next((g for g in pattern.groupindex if g.startswith("rival")), None)
                        for _reason, pattern in self.patterns]
        self.voids = reason_alternations(codebook, "void_patterns")

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def rival_in(self, words: str) -> str | None:
        """The rival that the words of a comparison's group name, or None when they name none."""
        lead = next((w for w in self.not_rivals if words.startswith(w)), None)
        if lead is None:
            return self._named(words)
        # our own past may still be a rival we used before (以前的魏家凉皮, 之前用的中兴); anything else is none
        rest = words[len(lead):]
        if lead in self.past and rest[:1] in ("的", "用", "在", "买", "住"):
            return self._named(rest[1:])
        return None

    def _named(self, words: str) -> str | None:
        """A rival word in the words, else the first word tagged as a name (Latin: three letters or more)."""
        listed = next((word for word in self.words if word in words), None)
        if listed is not None:
            return listed
        for word, tag in _tagger()(words):
            if tag == "eng" and len(_LETTERS.findall(word)) < 3:
                continue  # sizes and specs (xl, 2g, 100m, t9), not brands
            if len(word) > 1 and tag in self.name_tags and not word.startswith(self.not_rivals):
                return word
        return None

    def mentions(self, text: str, numbers: Iterable[int] | None = None) -> list[RivalMention]:
        """Every rival comparison in one normalized answer (of the patterns numbered, by default all)."""
        found: list[RivalMention] = []
        for number in range(len(self.patterns)) if numbers is None else numbers:
            reason, pattern = self.patterns[number]
            group = self._groups[number]
            for match in pattern.finditer(text) if group else ():
                words = match.group(group)
                rival = self.rival_in(words) if words else None
                if rival is None or self._voided(reason, text, match):
                    continue
                found.append(RivalMention(reason, match.group(0), rival))
        return found

    def _voided(self, reason: str, text: str, match: re.Match) -> bool:
        """Whether the clause around the match matches one of the reason's void patterns."""
        void = self.voids.get(reason)
        if void is None:
            return False
        starts = [m.end() for m in _CLAUSE_END.finditer(text, 0, match.start())]
        end = _CLAUSE_END.search(text, match.end())
        return bool(void.search(text[starts[-1] if starts else 0: end.start() if end else len(text)]))


def rival_mentions(texts: Iterable[str], codebook: Codebook) -> list[list[RivalMention]]:
    """The rival comparisons of each normalized answer (for a notebook; coding uses RivalFinder)."""
    finder = RivalFinder(codebook)
    return [finder.mentions(text) if finder else [] for text in texts]
