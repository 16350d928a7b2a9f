"""Guess what each column of a survey is: open text, choice, segment, number, time, id."""

from __future__ import annotations

import re

import pandas as pd

from analysis.normalize import normalize_text, parse_amounts
from surveys.platforms import MULTI_JOIN, Layout, looks_multi, options_of

_CJK = re.compile(r"[\u3400-\u9fff]")
_ID_NAME = re.compile(r"(编号|编码|序号|单号|工单号|id$|^id|号码|账号|手机|电话)", re.IGNORECASE)
_TIME_NAME = re.compile(r"(时间|日期|date|time|月份)", re.IGNORECASE)
_TEXT_NAME = re.compile(r"(原因|内容|意见|建议|描述|评价|反馈|诉求|为什么|说明|备注|review|comment|reason|text|answer)", re.IGNORECASE)
# Ticket systems name their category column 诉求类型/一级分类; it is a segment however many levels.
_CATEGORY_NAME = re.compile(r"(类型|分类|类别|category)", re.IGNORECASE)
# Words in a question that asks why someone left or complained.
_REASON_NAME = re.compile(r"(原因|为什么|为何|不满|离开|流失|离网|退订|退网|取消|注销|投诉|诉求|问题描述|工单内容|"
                          r"reason|why|leav|cancel|complain)", re.IGNORECASE)
ROLES = ("id", "time", "text", "choice", "multi_choice", "segment", "number", "meta")
SEGMENT_MAX_LEVELS = 30
# A numeric question with at most this many distinct answers is a scale or coded choice.
CHOICE_MAX_CODES = 11


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
    if _CATEGORY_NAME.search(name) and distinct <= 2 * SEGMENT_MAX_LEVELS and mean_length <= 20:
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


def settle_roles(frame: pd.DataFrame, layout: Layout) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Every column's role (the platform's where it is sure, else guessed) and multiple-choice options."""
    roles, options = {}, dict(layout.options)
    for column in frame.columns:
        if column in layout.roles:
            roles[column] = layout.roles[column]
            continue
        values = frame[column]
        if looks_multi(values, MULTI_JOIN):
            roles[column], options[column] = "multi_choice", options_of(values)
            continue
        role = column_role(layout.labels.get(column) or str(column), values)
        if column in layout.questions:
            levels = values.dropna().nunique()
            if role in ("segment", "meta", "id") and levels <= SEGMENT_MAX_LEVELS or (
                    role == "number" and levels <= CHOICE_MAX_CODES):
                role = "choice"
        roles[column] = role
    return roles, options


def about_reasons(name: str, label: str = "") -> bool:
    """Whether a column's name or question text asks why someone left or complained."""
    return bool(_REASON_NAME.search(normalize_text(f"{name} {label}")))


def reason_text_columns(frame: pd.DataFrame, roles: dict[str, str], labels: dict[str, str]) -> list[str]:
    """Open-text columns about reasons, most answered first; the best open-text column when none says so."""
    texts = guess_text_columns(frame, roles)
    # Most answers first: an "其他, please specify" fill-in is rarer than the open question itself.
    about = sorted((c for c in texts if about_reasons(c, labels.get(c, ""))), key=lambda c: -frame[c].notna().sum())
    return about or texts[:1]


def reason_choice_columns(roles: dict[str, str], labels: dict[str, str]) -> list[str]:
    """Single- and multiple-choice questions asking for the reason."""
    return [c for c, role in roles.items()
            if role in ("choice", "multi_choice") and about_reasons(c, labels.get(c, ""))]


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
