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
