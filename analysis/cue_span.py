"""The stretch of an answer the segmenter must cut when no slot pattern can match it.

Both jieba backends cut only runs of their token class (Python jieba: 一-鿕, letters, digits and
`+#&._%-`; jieba-rs the same with a wider Han range), and every other character is a token of
its own. So the answer's cut is the cuts of its pieces between the SEPARATORS below, each of
which is also a clause boundary for coding: every clause lies inside one piece. A piece holding
no cue word (a codebook word, a denial, a wave-off) yields only clauses without one, and such a
clause can hit only through a slot pattern. When the answer leaves no slot pattern to try, the
pieces before the first cue word and after the last one are not cut at all (a third of the text
of the 82k corpus), and an answer without a cue word is not cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

# Characters never inside a token of either backend and all clause boundaries (code._BOUNDARY); tests/test_cue_span.py
# checks both. `.` and `-` are boundaries too, but can stand inside a token (1.5, 21-23).
SEPARATORS = " \t\n\r\f\v,!?;:~、。！？；：…—()[]{}'\"“”‘’《》<>/|"
_CLASS = r"[\s" + re.escape(SEPARATORS) + "]"
_SEPARATOR = re.compile(_CLASS)
_UP_TO_LAST_SEPARATOR = re.compile(r".*" + _CLASS, re.DOTALL)


class CueSpan:
    """Finds the stretch of an answer from the piece with its first cue word through the piece with its last."""

    def __init__(self, words: Iterable[str]) -> None:
        # a word holding a separator can never be a token, so it can never be a cue
        words = {word for word in words if word and not _SEPARATOR.search(word)}
        # the first cue word from the front, and (words reversed, over the reversed answer) from the back
        self._forward, self._backward = ahocorasick.Automaton(), ahocorasick.Automaton()
        for word in words:
            self._forward.add_word(word, len(word))
            self._backward.add_word(word[::-1], len(word))
        for automaton in (self._forward, self._backward):
            if words:
                automaton.make_automaton()

    def __call__(self, text: str) -> str:
        """The stretch of text through the pieces holding its first and last cue words; '' when it holds none."""
        if not len(self._forward):
            return ""
        first = next(self._forward.iter(text), None)  # (index of its last character, length)
        if first is None:
            return ""
        end, length = first
        before = _UP_TO_LAST_SEPARATOR.match(text, 0, end - length + 1)
        start = before.end() if before else 0
        # the first match over the reversed text is the cue word that starts last
        end, length = next(self._backward.iter(text[::-1]))
        after = _SEPARATOR.search(text, len(text) - end - 1 + length)
        return text[start:after.start() if after else len(text)]
