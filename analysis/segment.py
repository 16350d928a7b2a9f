"""Step 2: cut normalized answers into words with a dedicated jieba tokenizer."""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.codebook import Codebook

if TYPE_CHECKING:
    from analysis.segment_jieba import PythonTokenizer
    from analysis.segment_rust import RustTokenizer

# "jieba" (the reference) or "rjieba" (jieba-rs, same cuts, about 8× faster; analysis/segment_rust.py).
BACKEND_ENV = "CHURNLENS_SEGMENTER"
# How many distinct raw tokens keep their final words in memory before the store starts over.
_MEMORY = 500_000


def jieba_dictionary() -> Path:
    """jieba's own dict.txt (jieba.DEFAULT_DICT_NAME), found without importing jieba and its pkg_resources."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("No module named 'jieba'")
    return Path(next(iter(spec.submodule_search_locations))).resolve() / "dict.txt"


def default_backend() -> str:
    """The backend named by $CHURNLENS_SEGMENTER, else rjieba when installed, else jieba."""
    chosen = os.environ.get(BACKEND_ENV, "").strip().lower()
    if chosen in ("jieba", "rjieba"):
        return chosen
    try:
        import analysis.segment_rust  # noqa: F401 (loads rjieba's compiled module, not its default dictionary)
    except ImportError:
        return "jieba"
    return "rjieba"


class Segmenter:
    """jieba behind a small interface: codebook words stay whole, glued modifiers come off.

    jieba's dictionary glues degree words and negators to short adjectives (太远, 很差,
    不贵); coding needs them apart to judge negation, so a token that is a known prefix
    plus a codebook word is split in two.
    """

    def __init__(self, words: Iterable[str] = (), prefixes: Iterable[str] = (), backend: str | None = None) -> None:
        self.backend = backend or default_backend()
        self.words = frozenset(w for w in words if w)
        self.prefixes = tuple(sorted(set(prefixes), key=len, reverse=True))
        # by first character, so a token is only tried against the few prefixes it can start with
        self._prefixes_of: dict[str, tuple[str, ...]] = {}
        for prefix in self.prefixes:
            self._prefixes_of[prefix[:1]] = (*self._prefixes_of.get(prefix[:1], ()), prefix)
        self._tokenizer: PythonTokenizer | RustTokenizer | None = None
        self._lock = threading.Lock()
        self._splits: dict[str, tuple[str, ...]] = {}

    @classmethod
    def for_codebook(cls, codebook: Codebook, backend: str | None = None) -> "Segmenter":
        """A segmenter that knows every word of the codebook and its cues."""
        cues = codebook.cues
        words = [w for r in codebook.reasons for w in (*r.signals, *r.aspects, *r.praise)]
        words += [*cues.complaints, *cues.praise, *cues.negators, *cues.denials, *cues.waivers, *cues.wishes,
                  *cues.whole_words]
        return cls(words=words, prefixes=(*cues.degree, *cues.negators), backend=backend)

    def _build(self) -> "PythonTokenizer | RustTokenizer":
        """The tokenizer of the chosen backend with codebook words added."""
        if self.backend == "rjieba":
            from analysis.segment_rust import RustTokenizer
            tokenizer = RustTokenizer()
        else:
            from analysis.segment_jieba import PythonTokenizer
            tokenizer = PythonTokenizer()
        tokenizer.initialize()
        for word in sorted(self.words):
            if len(word) > 1:
                tokenizer.add_word(word)
        return tokenizer

    @property
    def tokenizer(self) -> "PythonTokenizer | RustTokenizer":
        """The underlying jieba tokenizer, built on first use."""
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = self._build()
        return self._tokenizer

    def _split(self, token: str) -> tuple[str, ...]:
        """A token with glued prefixes split off when the rest is a codebook word."""
        if token in self.words or len(token) < 2:
            return (token,)
        for prefix in self._prefixes_of.get(token[0], ()):
            rest = token[len(prefix):]
            if token.startswith(prefix) and rest:
                tail = self._split(rest)
                if tail != (rest,) or rest in self.words:
                    return (prefix, *tail)
        return (token,)

    def words_of(self, token: str) -> tuple[str, ...]:
        """The final words for one token of the backend's raw cut (remembered for the next answer)."""
        words = self._splits.get(token)
        return words if words is not None else self._words_of(token)

    def _words_of(self, token: str) -> tuple[str, ...]:
        """words_of, worked out and remembered."""
        if len(self._splits) >= _MEMORY:  # a bound, so a stream of millions of answers stays flat
            self._splits.clear()
        words = tuple(word for piece in self.tokenizer.pieces(token) for word in self._split(piece))
        self._splits[token] = words
        return words

    def tokens(self, text: str) -> list[str]:
        """The words of one normalized answer, punctuation kept as tokens."""
        known = self._splits
        out: list[str] = []
        for token in self.tokenizer.raw_cut(text):
            words = known.get(token)
            out += words if words is not None else self._words_of(token)
        return out
