"""Step 1 of coding: make answers comparable (NFKC, traditional → simplified, whitespace)."""

from __future__ import annotations

import functools
import re
import unicodedata

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


def normalize_answers(answers: pd.Series) -> pd.Series:
    """Normalize every answer of a Series; repeated answers are converted once."""
    unique = pd.unique(answers.astype("object"))
    mapping = {value: normalize_text(value) for value in unique}
    return answers.astype("object").map(mapping).astype("object")


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
