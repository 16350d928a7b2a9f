"""The reference backend: Python jieba with the raw_cut/pieces interface Segmenter shares with jieba-rs.

Its own module so that jieba (and the pkg_resources it imports, 0.06 s) loads only when it cuts.
"""

from __future__ import annotations

import logging

import jieba

jieba.setLogLevel(logging.WARNING)


class PythonTokenizer(jieba.Tokenizer):
    """jieba itself, with the raw_cut/pieces interface Segmenter shares with the Rust backend."""

    def raw_cut(self, text: str) -> list[str]:
        """The raw tokens of text (HMM on)."""
        return self.lcut(text, HMM=True)

    def pieces(self, token: str) -> tuple[str, ...]:
        """jieba's tokens are final."""
        return (token,)
