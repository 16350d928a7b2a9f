"""Which regexes can match a text, known before trying them: the strings each one requires, found by
one Aho-Corasick pass, and its context-free form (no anchors or lookarounds) for a whole answer.

The coder (analysis/code.py) screens its slot, praise and rival patterns here, so a clause is tried
only with the patterns that can match it.
"""

from __future__ import annotations

import re
import re._compiler as sre_compile
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Iterable

import ahocorasick

# A character class wider than this, or a product of alternatives larger than this, is not worth screening on.
_SCREEN_LIMIT = 256


def _most_selective(options: list[frozenset[str]]) -> frozenset[str] | None:
    """Of several sets of strings a match must contain one of, the rarest: longest shortest string, then fewest."""
    return min(options, key=lambda strings: (-min(map(len, strings)), len(strings))) if options else None


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    """Every string of left followed by every string of right, or None when there would be too many."""
    if len(left) * len(right) > _SCREEN_LIMIT:
        return None
    return frozenset(a + b for a in left for b in right)


def _class_chars(av: list) -> frozenset[str] | None:
    """The characters of a non-negated class of literals and small ranges; None otherwise."""
    chars: set[str] = set()
    for kind, value in av:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.RANGE and value[1] - value[0] < _SCREEN_LIMIT:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:  # a negated class or a category can match almost anything
            return None
    return frozenset(chars)


def _exact_strings(op: object, av: object) -> frozenset[str] | None:
    """Every string this regex element can match, when they are few (`(修|换)(好|完)`); None otherwise."""
    if op is sre.LITERAL:
        return frozenset(chr(av))
    if op is sre.IN:
        return _class_chars(av)
    if op is sre.SUBPATTERN and not av[1] & sre.SRE_FLAG_IGNORECASE:
        strings: frozenset[str] | None = frozenset([""])
        for item in av[3]:
            part = _exact_strings(*item)
            strings = None if part is None else _product(strings, part)
            if strings is None:
                return None
        return strings
    if op is sre.BRANCH:
        branches = [_exact_strings(sre.SUBPATTERN, (None, 0, 0, branch)) for branch in av[1]]
        if any(b is None for b in branches) or sum(map(len, branches)) > _SCREEN_LIMIT:
            return None
        return frozenset().union(*branches)
    return None


def _required_in_sequence(items: Iterable) -> frozenset[str] | None:
    """For a parsed regex sequence: the most selective set of strings one of which every match contains."""
    options: list[frozenset[str]] = []
    run: frozenset[str] | None = None  # what the adjacent exact elements so far can spell
    for op, av in items:
        exact = _exact_strings(op, av)
        if exact is not None and "" not in exact:
            joined = exact if run is None else _product(run, exact)
            if joined is None:
                options.append(run)
                joined = exact
            run = joined
            continue
        if run is not None:
            options.append(run)
            run = None
        strings = _required_in_element(op, av)
        if strings:
            options.append(strings)
    if run is not None:
        options.append(run)
    return _most_selective(options)


def _required_in_element(op: object, av: object) -> frozenset[str] | None:
    """Strings one of which every match of this regex element contains; None when unknown."""
    if op is sre.IN:
        return _class_chars(av)
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return None if add_flags & sre.SRE_FLAG_IGNORECASE else _required_in_sequence(body)
    if op is sre.ATOMIC_GROUP:
        return _required_in_sequence(av)
    if op is sre.BRANCH:
        branches = [_required_in_sequence(branch) for branch in av[1]]
        return None if any(b is None for b in branches) else frozenset().union(*branches)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, body = av
        return _required_in_sequence(body) if low >= 1 else None
    return None  # lookarounds consume nothing; anchors, `.` and back-references give no literal


def required_strings(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings one of which every match of the pattern contains, or None when that is unknown.

    Text holding none of them cannot match, so the pattern need not run on it; one
    Aho-Corasick pass per answer finds the few patterns worth running.
    """
    if pattern.flags & re.IGNORECASE:
        return None
    return _required_in_sequence(sre_parse.parse(pattern.pattern, pattern.flags))


def _drop_context(items: sre_parse.SubPattern) -> bool:
    """Remove anchors and lookarounds from a parsed regex in place; False when it refers back to a group."""
    kept = []
    for op, av in items.data:
        if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            return False  # the group referred to might have stood inside a lookaround
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: dropping them changes no widths
        bodies = (av[3],) if op is sre.SUBPATTERN else av[1] if op is sre.BRANCH else (av,) \
            if op is sre.ATOMIC_GROUP else (av[2],) if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) else ()
        if not all(_drop_context(body) for body in bodies):
            return False
        kept.append((op, av))
    items.data = kept
    return True


def context_free(pattern: re.Pattern) -> re.Pattern | None:
    """The pattern without its anchors and lookarounds (None when it has back-references).

    What it matches depends on no character around the match, so wherever the pattern matches a
    piece of a text (a clause of an answer), this one matches the whole text: an answer it does
    not match needs no clause tried with the pattern.
    """
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    return sre_compile.compile(parsed, pattern.flags) if _drop_context(parsed) else None


class Screen:
    """Which of some regexes can match a text, from one Aho-Corasick pass over the strings each requires."""

    def __init__(self, patterns: list[re.Pattern]) -> None:
        self.unscreened: list[int] = []  # patterns with no required string are always tried
        needed: dict[str, list[int]] = {}
        for number, pattern in enumerate(patterns):
            strings = required_strings(pattern)
            if strings is None:
                self.unscreened.append(number)
            for string in strings or ():
                needed.setdefault(string, []).append(number)
        self.automaton = ahocorasick.Automaton()
        for string, numbers in needed.items():
            self.automaton.add_word(string, tuple(numbers))
        if needed:
            self.automaton.make_automaton()

    def candidates(self, text: str) -> list[int]:
        """Numbers of the patterns that can match somewhere in text, in order."""
        numbers = set(self.unscreened)
        if len(self.automaton):
            for _end, found in self.automaton.iter(text):
                numbers.update(found)
        return sorted(numbers)
