"""jieba-rs (through rjieba) dressed as a jieba.Tokenizer, so Segmenter can use either.

The Rust port cuts about 8× faster. Out of the box it does not cut like Python jieba, so
this adapter closes the gaps that change tokens:
- it loads jieba's own dict.txt (the port ships a slightly different dictionary);
- Python jieba adds a re-added word's frequency to the total again, the port replaces it;
  route scores depend on the total, so a filler entry that no text can contain carries
  the difference;
- Python jieba's HMM pass splits letter/digit runs (`21-23` → `21`, `-`, `23`; `1.5g` →
  `1.5`, `g`), the port keeps them whole; they are split the same way here because `-` and
  `.` are clause boundaries for coding.
tests/test_segment_rust.py checks that both give the same codes on the dev sets.
"""

from __future__ import annotations

import collections
import importlib.machinery
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from analysis.segment import jieba_dictionary


def _rjieba_core() -> ModuleType:
    """rjieba's compiled module, loaded without the package's __init__, which builds a default
    jieba-rs dictionary (0.1 s) this adapter never uses."""
    if "rjieba.rjieba" in sys.modules:  # already imported (a compiled module may only be loaded once)
        return sys.modules["rjieba.rjieba"]
    spec = importlib.util.find_spec("rjieba")
    if spec is None:
        raise ImportError("No module named 'rjieba'")
    for folder in spec.submodule_search_locations or ():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(folder) / f"rjieba{suffix}"
            if path.is_file():
                loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(path))
                module = importlib.util.module_from_spec(importlib.util.spec_from_loader("rjieba.rjieba", loader))
                loader.exec_module(module)
                sys.modules["rjieba.rjieba"] = module  # a later `import rjieba` reuses it
                return module
    import rjieba.rjieba  # an unusual layout: the ordinary import
    return rjieba.rjieba


rjieba = _rjieba_core()
_DICT = jieba_dictionary()
# Noncharacters: never in real text, so the filler only moves the total.
_FILLER = "\ufdd0\ufdd1"
_HAN = re.compile(r"[\u4E00-\u9FD5]")
# jieba.finalseg's split of a non-Chinese run: words and numbers (with decimals, %) apart.
_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


class RustTokenizer:
    """What Segmenter uses of a tokenizer: initialize, add_word, raw_cut and pieces (and jieba's lcut)."""

    def __init__(self) -> None:
        self._jieba: rjieba.Jieba | None = None
        self._freq: dict[str, int] = {}
        self._filler = 0

    def initialize(self) -> None:
        """Load jieba's dictionary (about 0.5 s)."""
        if self._jieba is not None:
            return
        self._jieba = rjieba.Jieba.empty()
        text = _DICT.read_text(encoding="utf-8")
        lines = text.splitlines()
        fields = text.split()
        if len(fields) != 3 * len(lines):  # not word, frequency, tag on every line: line by line
            for word, freq, *tag in map(str.split, lines):
                self._add(word, int(freq), tag[0] if tag else None)
            return
        # the file split once, and the port's add_word driven from C: 350k Python-level calls cost 0.3 s
        words, freqs, tags = fields[0::3], list(map(int, fields[1::3])), fields[2::3]
        collections.deque(map(self._jieba.add_word, words, freqs, tags), maxlen=0)
        self._freq = dict(zip(words, freqs))  # the last entry of a word listed twice wins, in both jiebas
        # Python jieba's total counts every entry of a word listed twice, the port only the last:
        # the filler carries the difference, as _add would have added it entry by entry
        self._filler = sum(freqs) - sum(self._freq.values())
        if self._filler:
            self._jieba.add_word(_FILLER, self._filler, None)

    def _add(self, word: str, freq: int | None, tag: str | None = None) -> int:
        """Add a word like Python jieba does, keeping its total (the filler takes the double count)."""
        old = self._freq.get(word)
        if old is not None:
            self._filler += old
            self._jieba.add_word(_FILLER, self._filler, None)
        used = self._jieba.add_word(word, freq, tag)
        self._freq[word] = used
        return used

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        """A user word; without freq, one high enough to keep it whole (jieba's suggest_freq)."""
        self.initialize()
        self._add(word, freq, tag)

    def raw_cut(self, text: str) -> list[str]:
        """The port's raw tokens of text (HMM on); `pieces` turns each into Python jieba's."""
        self.initialize()
        return self._jieba.cut(text, True)

    @staticmethod
    def pieces(token: str) -> tuple[str, ...]:
        """One raw token as Python jieba would cut it: a letter/digit run split into words and numbers."""
        if len(token) > 1 and not _HAN.search(token):
            return tuple(part for part in _SKIP.split(token) if part)
        return (token,)

    def lcut(self, text: str, HMM: bool = True) -> list[str]:  # noqa: N803 (jieba's own name)
        """The words of text, cut as Python jieba cuts them."""
        self.initialize()
        return [piece for token in self._jieba.cut(text, HMM) for piece in self.pieces(token)]
