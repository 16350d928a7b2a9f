"""Step 1 of coding: make answers comparable (NFKC, traditional → simplified, whitespace)."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

import numpy as np
import opencc
import pandas as pd

_SPACE = re.compile(r"\s+")
# Control characters other than whitespace come from copy-pasted tickets and Excel cells.
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\ufeff]")


@functools.cache
def _t2s() -> opencc.OpenCC:
    """The traditional → simplified converter, built once per process."""
    return opencc.OpenCC("t2s")


def normalize_text(text: object) -> str:
    """One answer as NFKC, simplified, lower-case text with single spaces; '' for missing."""
    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return ""
    value = unicodedata.normalize("NFKC", str(text))
    value = _CONTROL.sub("", value)
    value = _t2s().convert(value).lower()
    return _SPACE.sub(" ", value).strip()


# Answers are normalized as one long string joined by a control character: each step then runs
# once in C instead of once per answer. The joiner is one of the characters _CONTROL deletes, so
# no answer keeps one, and no OpenCC phrase or run of whitespace can reach across it.
_JOINER = "\u0001"
_CONTROL_BUT_JOINER = re.compile(r"[\u0000\u0002-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\ufeff]")


def _fold_one(code: int) -> int:
    """NFKC's result for a character it maps to one plain character (full-width forms, the
    ideographic space …), else the character itself."""
    char = chr(code)
    folded = unicodedata.normalize("NFKD", char)
    if folded != char and len(folded) == 1 and not unicodedata.combining(folded) \
            and unicodedata.normalize("NFKC", char) == folded:
        return ord(folded)
    return code


@functools.cache
def _compatibility_fold() -> tuple[np.ndarray, np.ndarray]:
    """Code point → _fold_one of it, and whether that entry is filled in yet: characters are
    folded as they first occur, since working out all 1.1M code points up front takes 0.36 s."""
    return np.arange(sys.maxunicode + 1, dtype=np.uint32), np.zeros(sys.maxunicode + 1, dtype=bool)


def _folded(text: str) -> str:
    """text with _fold_one applied to every character (one array lookup, not a Python loop)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    fold, known = _compatibility_fold()
    seen = np.zeros(known.size, dtype=bool)
    seen[codes] = True  # a scatter: cheaper than np.unique over millions of characters
    new = np.flatnonzero(seen & ~known)
    fold[new] = [_fold_one(code) for code in new.tolist()]
    known[new] = True
    return fold[codes].tobytes().decode("utf-32-le", "surrogatepass")


def _normalize_many(texts: list[str]) -> list[str]:
    """normalize_text of each text, computed for all of them at once (same result)."""
    joined = _JOINER.join(texts)
    if joined.count(_JOINER) != len(texts) - 1:  # a joiner inside an answer: go one by one
        return [normalize_text(text) for text in texts]
    # mapping single characters to their NFKC form leaves NFKC's result unchanged, and afterwards
    # most answers are already normal, so the full (slow) normalization runs on the few that are not
    joined = _folded(joined)
    if not unicodedata.is_normalized("NFKC", joined):
        joined = _JOINER.join(part if unicodedata.is_normalized("NFKC", part) else unicodedata.normalize("NFKC", part)
                              for part in joined.split(_JOINER))
    joined = _SPACE.sub(" ", _t2s().convert(_CONTROL_BUT_JOINER.sub("", joined)).lower())
    return [part.strip() for part in joined.split(_JOINER)]


def normalize_answers(answers: pd.Series) -> pd.Series:
    """Normalize every answer of a Series; repeated answers are converted once."""
    codes, unique = pd.factorize(answers.astype("object"), use_na_sentinel=True)
    normalized = np.array([*_normalize_many([str(value) for value in unique]), ""], dtype=object)
    return pd.Series(normalized[codes], index=answers.index, dtype="object")


_AMOUNT = re.compile(r"^(?:¥|rmb|cny)?([-+]?\d+(?:\.\d+)?)(万|千|k|w)?(?:元|块|块钱|人民币|rmb|cny)?$")
_AMOUNT_UNITS = {None: 1.0, "万": 10_000.0, "w": 10_000.0, "千": 1_000.0, "k": 1_000.0}


def parse_amount(value: object) -> float:
    """A money value written as people write it ("1,200元", "¥3,500", "1.2万") as a number; nan if it is not one."""
    text = normalize_text(value).replace(",", "").replace("，", "").replace(" ", "")
    match = _AMOUNT.match(text)
    return float(match.group(1)) * _AMOUNT_UNITS[match.group(2)] if match else float("nan")


def parse_amounts(values: pd.Series) -> pd.Series:
    """parse_amount over a Series (numbers pass through unchanged)."""
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float)
    text = values.astype("object").where(values.notna(), "").astype(str)
    plain = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    # Only short leftovers can be amounts; parsing each distinct one once keeps long text columns cheap.
    rest = text[plain.isna() & text.str.len().between(1, 24)]
    parsed = {value: parse_amount(value) for value in rest.unique()}
    return plain.fillna(rest.map(parsed)).astype(float)
