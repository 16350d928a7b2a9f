"""Step 2: cut normalized answers into words with a dedicated jieba tokenizer."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable

import jieba

from analysis.codebook import Codebook

jieba.setLogLevel(logging.WARNING)

# "jieba" (the reference) or "rjieba" (jieba-rs, same cuts, about 8× faster; analysis/segment_rust.py).
BACKEND_ENV = "CHURNLENS_SEGMENTER"


def default_backend() -> str:
    """The backend named by $CHURNLENS_SEGMENTER, else rjieba when installed, else jieba."""
    chosen = os.environ.get(BACKEND_ENV, "").strip().lower()
    if chosen in ("jieba", "rjieba"):
        return chosen
    try:
        import rjieba  # noqa: F401
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
        self._tokenizer: jieba.Tokenizer | None = None
        self._lock = threading.Lock()
        self._splits: dict[str, tuple[str, ...]] = {}

    @classmethod
    def for_codebook(cls, codebook: Codebook, backend: str | None = None) -> "Segmenter":
        """A segmenter that knows every word of the codebook and its cues."""
        cues = codebook.cues
        words = [w for r in codebook.reasons for w in (*r.signals, *r.aspects, *r.praise)]
        words += [*cues.complaints, *cues.praise, *cues.negators, *cues.denials, *cues.waivers, *cues.wishes]
        return cls(words=words, prefixes=(*cues.degree, *cues.negators), backend=backend)

    def _build(self) -> jieba.Tokenizer:
        """The tokenizer of the chosen backend with codebook words added."""
        if self.backend == "rjieba":
            from analysis.segment_rust import RustTokenizer
            tokenizer = RustTokenizer()
        else:
            tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word in sorted(self.words):
            if len(word) > 1:
                tokenizer.add_word(word)
        return tokenizer

    @property
    def tokenizer(self) -> jieba.Tokenizer:
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
        cached = self._splits.get(token)
        if cached is not None:
            return cached
        result: tuple[str, ...] = (token,)
        for prefix in self.prefixes:
            rest = token[len(prefix):]
            if token.startswith(prefix) and rest:
                tail = self._split(rest)
                if tail != (rest,) or rest in self.words:
                    result = (prefix, *tail)
                    break
        self._splits[token] = result
        return result

    def tokens(self, text: str) -> list[str]:
        """The words of one normalized answer, punctuation kept as tokens."""
        out: list[str] = []
        for token in self.tokenizer.lcut(text, HMM=True):
            out.extend(self._split(token))
        return out
