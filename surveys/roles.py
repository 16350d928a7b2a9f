"""Guess what each column of a survey is: open text, segment, number, time, id."""

from __future__ import annotations

import re

import pandas as pd

from analysis.normalize import normalize_text, parse_amounts

_CJK = re.compile(r"[\u3400-\u9fff]")
_ID_NAME = re.compile(r"(编号|编码|序号|单号|工单号|id$|^id|号码|账号|手机|电话)", re.IGNORECASE)
_TIME_NAME = re.compile(r"(时间|日期|date|time|月份)", re.IGNORECASE)
_TEXT_NAME = re.compile(r"(原因|内容|意见|建议|描述|评价|反馈|诉求|为什么|说明|备注|review|comment|reason|text|answer)", re.IGNORECASE)
ROLES = ("id", "time", "text", "segment", "number", "meta")
SEGMENT_MAX_LEVELS = 30


def _cjk_share(values: pd.Series) -> float:
    """Mean share of CJK characters per non-empty value."""
    shares = values.map(lambda v: len(_CJK.findall(v)) / max(1, len(v)))
    return float(shares.mean()) if len(shares) else 0.0


def column_role(name: str, values: pd.Series) -> str:
    """The role of one column from its name and values."""
    name = normalize_text(name)
    present = values.dropna().astype(str).str.strip()
    present = present[present != ""]
    if present.empty:
        return "meta"
    distinct = present.nunique()
    distinct_share = distinct / len(present)
    mean_length = present.str.len().mean()
    numeric = parse_amounts(present).notna().mean()  # "1,200元" is a number too
    if _ID_NAME.search(name) and distinct_share > 0.9:
        return "id"
    if _TIME_NAME.search(name) or pd.api.types.is_datetime64_any_dtype(values):
        parsed = pd.to_datetime(present.head(200), errors="coerce", format="mixed")
        if parsed.notna().mean() > 0.8:
            return "time"
    if numeric > 0.95:
        leading_zero = present.str.match(r"^0\d").mean() > 0.5
        if distinct_share > 0.98 and (leading_zero or present.str.len().min() >= 8):
            return "id"
        return "number"
    if distinct <= SEGMENT_MAX_LEVELS and distinct_share < 0.5 and mean_length <= 20:
        return "segment"
    if mean_length >= 4 and distinct_share > 0.3 and _cjk_share(present) > 0.3 or (
        _TEXT_NAME.search(name) and mean_length >= 4 and distinct_share > 0.2
    ):
        return "text"
    if distinct_share > 0.9 and mean_length < 24:
        return "id"
    return "meta"


def guess_roles(frame: pd.DataFrame) -> dict[str, str]:
    """Column name → role for every column."""
    return {str(column): column_role(str(column), frame[column]) for column in frame.columns}


def text_score(name: str, values: pd.Series) -> float:
    """How much a column looks like open-ended answers: long, varied, mostly Chinese."""
    present = values.dropna().astype(str).str.strip()
    present = present[present != ""]
    if present.empty:
        return 0.0
    score = present.str.len().clip(upper=60).mean() / 60
    score += present.nunique() / len(present)
    score += _cjk_share(present)
    score += 0.5 if _TEXT_NAME.search(normalize_text(name)) else 0.0
    return score


def guess_text_columns(frame: pd.DataFrame, roles: dict[str, str] | None = None) -> list[str]:
    """Open-text columns, best guess first."""
    roles = roles or guess_roles(frame)
    texts = [c for c, role in roles.items() if role == "text"]
    return sorted(texts, key=lambda c: text_score(c, frame[c]), reverse=True)


def segment_columns(roles: dict[str, str]) -> list[str]:
    """Columns worth filtering and breaking down by."""
    return [c for c, role in roles.items() if role == "segment"]
