"""Turn uploaded bytes into text: detect the encoding, and validate it is not garbage."""

from __future__ import annotations

import codecs
import functools
import re

from analysis.normalize import normalize_text
from analysis.segment import jieba_dictionary

# Tried in this order when a file has no BOM and is not UTF-8. cp950 is Big5 as Windows
# writes it (Excel on a Traditional Chinese system).
LEGACY_CANDIDATES = ("gb18030", "cp950")
DISPLAY_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16", "gb18030": "GB18030", "cp950": "Big5"}
# A real file may hold a stray broken byte or two; more than this share means a wrong guess.
MAX_BAD_SHARE = 0.001
_CJK_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
_SAMPLE_CHARS = 20_000


class EncodingError(ValueError):
    """Bytes that decode as no supported text encoding."""


@functools.cache
def _dictionary_pairs() -> frozenset[str]:
    """Every two-character run inside a word of jieba's dictionary (simplified Chinese)."""
    pairs: set[str] = set()
    path = jieba_dictionary()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word = line.split(" ", 1)[0]
            pairs.update(word[i : i + 2] for i in range(len(word) - 1))
    return frozenset(pairs)


def plausibility(text: str) -> float:
    """Share of adjacent CJK character pairs that occur inside real words (0 when none).

    Big5 bytes often decode as GB18030 without error, but into characters that never stand
    together in Chinese words; real text scores far higher than such garbage.
    """
    sample = normalize_text(text[:_SAMPLE_CHARS])
    pairs = _CJK_PAIR.findall(sample)
    if not pairs:
        return 0.0
    known = _dictionary_pairs()
    return sum(pair in known for pair in pairs) / len(pairs)


def _bad_share(data: bytes, encoding: str) -> float:
    """Share of characters that would be replaced when decoding with this encoding."""
    text = data.decode(encoding, errors="replace")
    return text.count("\ufffd") / max(1, len(text))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was in (a display name such as 'GB18030')."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), DISPLAY_NAMES["utf-8-sig"]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), DISPLAY_NAMES["utf-16"]
    if b"\x00" in data[:4096]:
        raise EncodingError("binary")
    try:
        return data.decode("utf-8"), DISPLAY_NAMES["utf-8"]
    except UnicodeDecodeError:
        pass
    scored = []
    for encoding in LEGACY_CANDIDATES:
        bad = _bad_share(data, encoding)
        if bad <= MAX_BAD_SHARE:
            text = data.decode(encoding, errors="replace")
            scored.append((plausibility(text) - bad * 100, encoding, text))
    if not scored:
        raise EncodingError("unknown")
    _, encoding, text = max(scored, key=lambda item: item[0])
    return text, DISPLAY_NAMES[encoding]
