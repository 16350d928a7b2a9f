"""Survey-platform exports: tell 问卷星, 腾讯问卷, Qualtrics, SurveyMonkey and Google Forms apart
by the shape of their header, then read column names, question labels, fixed roles and the
options of multiple-choice questions.

Every reader takes the raw cell table (strings, "" for empty, blank rows removed) and returns a
Layout whose body is still text; typing and role guessing happen afterwards in surveys.load.
A multiple-choice question always ends up as ONE column whose cells list the ticked options
joined by MULTI_JOIN (问卷星's own joiner), whatever the platform wrote.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

MULTI_JOIN = "┋"
PLATFORMS = ("wjx", "tencent", "qualtrics", "surveymonkey", "google_forms", "generic")
# Cells that mean "not answered": 问卷星 writes (跳过)/(空) in text exports; -3 (skipped by
# logic) and -2 (not shown / not ranked) in code exports, where a real answer is never negative.
SKIP_MARKERS = frozenset({"(跳过)", "（跳过）", "(空)", "（空）"})
WJX_CODE_SKIPS = frozenset({"-3", "-2"})

_WJX_META = {"序号": "id", "提交答卷时间": "time", "答卷时间": "time", "开始时间": "time", "所用时间": "meta",
             "来自IP": "meta", "来源": None, "来源详情": None, "总分": "number", "用户ID": "id"}
_TENCENT_META = {"编号": "id", "开始答题时间": "time", "结束答题时间": "time", "答题时长": "meta",
                 "用户类型": "meta", "用户标识": "meta", "昵称": "meta", "自定义字段": "meta", "来源IP": "meta",
                 "IP": "meta", "渠道": None}
_QUALTRICS_META = {"StartDate": "time", "EndDate": "time", "RecordedDate": "time", "ResponseId": "id",
                   "Status": "meta", "IPAddress": "meta", "Progress": "meta", "Duration (in seconds)": "meta",
                   "Finished": "meta", "RecipientLastName": "meta", "RecipientFirstName": "meta",
                   "RecipientEmail": "meta", "ExternalReference": "meta", "LocationLatitude": "meta",
                   "LocationLongitude": "meta", "DistributionChannel": "meta", "UserLanguage": "meta"}
_SURVEYMONKEY_META = {"Respondent ID": "id", "Collector ID": "meta", "Start Date": "time", "End Date": "time",
                      "IP Address": "meta", "Email Address": "meta", "First Name": "meta", "Last Name": "meta",
                      "Custom Data 1": "meta", "回复者 ID": "id", "收集器 ID": "meta", "开始日期": "time",
                      "结束日期": "time", "IP 地址": "meta", "电子邮件地址": "meta", "名字": "meta", "姓氏": "meta"}
_GOOGLE_TIMESTAMPS = ("Timestamp", "时间戳记", "時間戳記", "时间戳")
_GOOGLE_META = {"Email Address": "meta", "电子邮件地址": "meta", "電子郵件地址": "meta",
                "Score": "number", "分数": "number"}

_WJX_QUESTION = re.compile(r"^(\d+)、(.*)$", re.S)
_WJX_CODE_OPTION = re.compile(r"^第(\d+)题\((.*)\)$", re.S)
# The question type 问卷星 appends to some headers, e.g. " (多选题 *必答)".
_WJX_KIND = re.compile(r"\s*[(（]\s*([^()（）]*题)\s*(\*必答)?\s*[)）]\s*$")
_TENCENT_QUESTION = re.compile(r"^(\d+)\.(.*)$", re.S)
_FILL_IN = re.compile(r"_填空\d*$")
_GRID = re.compile(r"^(.*\S)\s*\[(.+)\]$", re.S)
_QUALTRICS_LABEL_TAIL = re.compile(r"\s+-\s+Selected Choice$")


class Column(NamedTuple):
    """One column a reader keeps: name, question text, role if certain, cells, options, is a question."""

    name: str
    label: str
    role: str | None
    cells: pd.Series
    options: tuple[str, ...] = ()
    question: bool = True


@dataclass
class Layout:
    """What a platform reader found: text body, labels, roles it is sure of, choice options."""

    platform: str
    body: pd.DataFrame
    labels: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    header_rows: int = 1
    questions: set[str] = field(default_factory=set)


def split_choices(cell: object, sep: str = MULTI_JOIN) -> list[str]:
    """The options in one multiple-choice cell; a separator inside a 〖fill-in〗 does not split."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    text = str(cell)
    if "〖" not in text:
        return [p.strip() for p in text.split(sep) if p.strip()]
    parts, depth, current = [], 0, []
    i = 0
    while i < len(text):
        char = text[i]
        depth += char == "〖"
        depth -= char == "〗" and depth > 0
        if depth == 0 and text.startswith(sep, i):
            parts.append("".join(current))
            current, i = [], i + len(sep)
            continue
        current.append(char)
        i += 1
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def option_and_fill_in(choice: str) -> tuple[str, str]:
    """An option as ticked and the words written into its fill-in: `其他〖太远〗` → (`其他`, `太远`)."""
    match = re.match(r"^(.*?)〖(.*)〗$", choice, re.S)
    return (match.group(1).strip(), match.group(2).strip()) if match else (choice, "")


def options_of(cells: pd.Series, sep: str = MULTI_JOIN) -> tuple[str, ...]:
    """Distinct options of a multiple-choice column, in order of first appearance, fill-ins stripped."""
    seen: dict[str, None] = {}
    for cell in cells.dropna():
        for choice in split_choices(cell, sep):
            seen.setdefault(option_and_fill_in(choice)[0], None)
    return tuple(seen)


def looks_multi(cells: pd.Series, sep: str) -> bool:
    """Whether cells read as ticked options joined by sep: some joins, few short, recurring options."""
    present = [str(c) for c in cells.dropna() if str(c).strip()]
    joined = sum(sep in c for c in present)
    if len(present) < 2 or joined < max(1, 0.15 * len(present)):
        return False
    choices = pd.Series([option_and_fill_in(o)[0] for c in present for o in split_choices(c, sep)])
    counts = choices.value_counts()
    return len(counts) <= 30 and choices.drop_duplicates().str.len().mean() <= 20 and (counts > 1).mean() >= 0.5


def unique_names(names: list[str]) -> list[str]:
    """Header cells as unique, non-empty names, so a repeated header stays addressable."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names):
        name = re.sub(r"\s+", " ", name).strip() or f"列{i + 1}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _body(raw: pd.DataFrame, header_rows: int, names: list[str]) -> pd.DataFrame:
    """Rows under the header, as text, under the given (unique) names."""
    body = raw.iloc[header_rows:].reset_index(drop=True).copy()
    body.columns = names
    return body


def _merge_options(body: pd.DataFrame, columns: list[str], options: list[str],
                   chosen: Callable[[list[str]], list[int]]) -> pd.Series:
    """One multiple-choice column from one column per option; chosen(cells) gives the ticked indexes in order."""
    def cell(row: pd.Series) -> str:
        """The ticked options of one respondent, joined."""
        picked = chosen(row.tolist())
        return MULTI_JOIN.join(options[i] for i in picked)
    return body[columns].apply(cell, axis=1)


def _binary_or_rank(values: list[str]) -> list[int]:
    """Ticked options of a 问卷星 code export: 1 marks a tick; other positive numbers are ranks."""
    numbers = [int(v) if re.fullmatch(r"\d+", v or "") else 0 for v in values]
    if set(numbers) <= {0, 1}:
        return [i for i, n in enumerate(numbers) if n == 1]
    return sorted((i for i, n in enumerate(numbers) if n > 0), key=lambda i: numbers[i])


def _non_empty(values: list[str]) -> list[int]:
    """Ticked options where a platform writes anything (but 0) in a ticked option's column."""
    return [i for i, v in enumerate(values) if v and v != "0"]


def _grouped(names: list[str], key) -> list[tuple[object, list[int]]]:
    """Runs of adjacent columns sharing key(name) (None keys stand alone)."""
    runs: list[tuple[object, list[int]]] = []
    for i, name in enumerate(names):
        k = key(name)
        if k is not None and runs and runs[-1][0] == k:
            runs[-1][1].append(i)
        else:
            runs.append((k, [i]))
    return runs


def _common_prefix(texts: list[str]) -> str:
    """The longest prefix all texts share."""
    prefix = texts[0]
    for text in texts[1:]:
        while not text.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


def assemble(platform: str, plan: list[Column], header_rows: int) -> Layout:
    """A Layout from the columns a reader kept, in order."""
    # Excel and 腾讯问卷's trailing comma leave unnamed, empty columns at the edge.
    plan = [c for c in plan if c.name or (c.cells.astype(str).str.strip() != "").any()]
    names = unique_names([column.name for column in plan])
    frame = pd.DataFrame({name: column.cells.reset_index(drop=True) for name, column in zip(names, plan)})
    layout = Layout(platform, frame, header_rows=header_rows)
    for name, column in zip(names, plan):
        layout.labels[name] = column.label
        if column.role is not None:
            layout.roles[name] = column.role
        if column.question:
            layout.questions.add(name)
        if column.options:
            layout.options[name] = column.options
    return layout


def _meta_role(name: str, table: dict[str, str | None]) -> tuple[bool, str | None]:
    """Whether name is a known metadata column and the role it has (None: guess from values)."""
    for key, role in table.items():
        if name == key or name.startswith(key):
            return True, role
    return False, None


def read_wjx(raw: pd.DataFrame) -> Layout:
    """问卷星: 按选项文本 or 按选项序号 export, metadata found by name, matrices and code columns."""
    names = [str(v).strip() for v in raw.iloc[0]]
    body = _body(raw, 1, [str(i) for i in range(len(names))])
    coded_export = False

    def code_key(name: str) -> tuple[str, str] | None:
        """(kind, question number) for a code-export option column, else None."""
        match = _WJX_CODE_OPTION.match(name)
        if match:
            return ("第", match.group(1))
        match = _WJX_QUESTION.match(name)
        return ("、", match.group(1)) if match and name.endswith(")") else None

    plan, matrix = [], None
    for key, columns in _grouped(names, code_key):
        headers = [names[i] for i in columns]
        cells = body[[str(i) for i in columns]]
        if key is not None and (len(columns) > 1 or key[0] == "第"):
            coded_export = True
            if key[0] == "第":
                question = f"第{key[1]}题"
                options = [_WJX_CODE_OPTION.match(h).group(2) for h in headers]
            else:
                prefix = _common_prefix(headers)
                prefix = prefix[: prefix.rfind("(") + 1] if "(" in prefix else prefix
                question = prefix.rstrip("(").strip()
                options = [h[len(prefix):].removesuffix(")") for h in headers]
            skips = cells.isin(WJX_CODE_SKIPS).all(axis=1)
            merged = _merge_options(cells, list(cells.columns), options, _binary_or_rank).where(~skips, "")
            plan.append(Column(question, _WJX_QUESTION.sub(r"\2", question), "multi_choice", merged, tuple(options)))
            matrix = None
            continue
        for i in columns:
            name, values = names[i], body[str(i)]
            known, role = _meta_role(name, _WJX_META)
            question = _WJX_QUESTION.match(name)
            if known and not question:
                plan.append(Column(name, name, role, values, question=False))
                matrix = None
            elif question:
                head, dash, row = question.group(2).partition("—")
                kind = _WJX_KIND.search(head)
                matrix = _WJX_KIND.sub("", head).strip() if dash else None
                label = f"{matrix}—{row}" if dash else _WJX_KIND.sub("", head).strip()
                role = _wjx_kind_role(kind.group(1) if kind else "")
                if role is None and values.str.contains("【请注明】", regex=False).any() and not (
                        values.str.contains(MULTI_JOIN, regex=False).any()):
                    role = "choice"  # an option with a fill-in, e.g. 其他【请注明】〖…〗
                plan.append(Column(name, label, role, values))
            elif matrix is not None:
                plan.append(Column(name, f"{matrix}—{name}", None, values))
            else:
                plan.append(Column(name, name, None, values))
    layout = assemble("wjx", plan, 1)
    markers = SKIP_MARKERS | (WJX_CODE_SKIPS if coded_export else frozenset())
    layout.body = layout.body.map(lambda v: "" if v in markers else v)
    for name in layout.body.columns:
        if name in layout.options:
            continue  # a code export lists every option in its columns
        if layout.roles.get(name) == "multi_choice" or (name not in layout.roles and name in layout.questions and (
                looks_multi(layout.body[name].replace("", None), MULTI_JOIN)
                or layout.body[name].str.contains("→", regex=False).any())):
            cells = layout.body[name].str.replace("→", MULTI_JOIN, regex=False)
            layout.body[name] = cells
            layout.roles[name] = "multi_choice"
            layout.options[name] = options_of(cells.replace("", None))
    return layout


def _wjx_kind_role(kind: str) -> str | None:
    """The role a 问卷星 question type implies (None: decide from the values)."""
    if kind in ("填空题", "简答题"):
        return "text"
    if kind in ("多选题", "排序题", "矩阵多选题"):
        return "multi_choice"
    if kind:
        return "choice"
    return None


def read_tencent(raw: pd.DataFrame) -> Layout:
    """腾讯问卷: `N.题干` questions, one `N.题干:选项` column per option (non-empty = ticked)."""
    names = [str(v).strip() for v in raw.iloc[0]]
    body = _body(raw, 1, [str(i) for i in range(len(names))])

    def key(name: str) -> str | None:
        """The question number of a `N.题干:选项` column, else None."""
        match = _TENCENT_QUESTION.match(name)
        return match.group(1) if match and ":" in match.group(2) else None

    plan = []
    for number, columns in _grouped(names, key):
        headers = [names[i] for i in columns]
        if number is not None and len(columns) > 1:
            prefix = _common_prefix(headers)
            prefix = prefix[: prefix.rfind(":") + 1]
            question = prefix.rstrip(":")
            ticks = [i for i, h in zip(columns, headers) if not _FILL_IN.search(h)]
            options = [names[i][len(prefix):] for i in ticks]
            merged = _merge_options(body, [str(i) for i in ticks], options, _non_empty)
            label = _TENCENT_QUESTION.sub(r"\2", question)
            plan.append(Column(question, label, "multi_choice", merged, tuple(options)))
            plan.extend(Column(names[i], f"{question} — {names[i][len(prefix):]}", "text", body[str(i)])
                        for i in columns if i not in ticks)
            continue
        for i in columns:
            name, values = names[i], body[str(i)]
            known, role = _meta_role(name, _TENCENT_META)
            if known or name.startswith("地理位置"):
                plan.append(Column(name, name, role, values, question=False))
                continue
            question = _TENCENT_QUESTION.match(name)
            plan.append(Column(name, question.group(2) if question else name,
                               "text" if _FILL_IN.search(name) else None, values))
    layout = assemble("tencent", plan, 1)
    layout.body = layout.body.map(lambda v: "" if v in SKIP_MARKERS else v)
    return layout


def read_qualtrics(raw: pd.DataFrame) -> Layout:
    """Qualtrics: row 1 IDs (the names), row 2 question text (the labels), row 3 ImportId JSON."""
    names = unique_names([str(v).strip() for v in raw.iloc[0]])
    labels = [_QUALTRICS_LABEL_TAIL.sub("", str(v).strip()) for v in raw.iloc[1]]
    rows = 3 if _import_ids(raw) else 2
    body = _body(raw, rows, names)
    plan = []
    for name, label in zip(names, labels):
        known, role = _meta_role(name, _QUALTRICS_META)
        if not known:
            role = "text" if name.endswith("_TEXT") else _multi_role(body[name], ",")
        plan.append(Column(name, label or name, role, body[name], question=not known))
    layout = assemble("qualtrics", plan, rows)
    _add_options(layout, ",")
    return layout


def read_surveymonkey(raw: pd.DataFrame) -> Layout:
    """SurveyMonkey: question text above the first of its columns, options or `Response` in row 2."""
    top = [str(v).strip() for v in raw.iloc[0]]
    sub = [str(v).strip() for v in raw.iloc[1]]
    body = _body(raw, 2, [str(i) for i in range(len(top))])
    groups: list[tuple[str, list[int]]] = []
    for i, name in enumerate(top):
        if name or not groups:
            groups.append((name, [i]))
        else:
            groups[-1][1].append(i)
    plan = []
    for question, columns in groups:
        known, role = _meta_role(question, _SURVEYMONKEY_META)
        if known:
            plan.append(Column(question, question, role, body[str(columns[0])], question=False))
            continue
        if len(columns) == 1:
            kind = sub[columns[0]]
            role = "text" if kind in ("Open-Ended Response", "开放式回复", "开放式回答") else None
            plan.append(Column(question, question, role, body[str(columns[0])]))
            continue
        other = [i for i in columns if re.search(r"please specify|请注明|请说明|Open-Ended", sub[i], re.I)]
        ticks = [i for i in columns if i not in other]
        is_multi = all(set(body[str(i)].replace("", None).dropna()) <= {sub[i]} for i in ticks)
        if is_multi:
            options = [sub[i] for i in ticks]
            merged = _merge_options(body, [str(i) for i in ticks], options, _non_empty)
            plan.append(Column(question, question, "multi_choice", merged, tuple(options)))
        else:
            plan.extend(Column(f"{question} [{sub[i]}]", f"{question} — {sub[i]}", None, body[str(i)]) for i in ticks)
        plan.extend(Column(f"{question} [{sub[i]}]", f"{question} — {sub[i]}", "text", body[str(i)]) for i in other)
    return assemble("surveymonkey", plan, 2)


def read_google_forms(raw: pd.DataFrame) -> Layout:
    """Google Forms: Timestamp first, checkboxes joined by ', ', grids as `Question [Row]`."""
    names = unique_names([str(v).strip() for v in raw.iloc[0]])
    body = _body(raw, 1, names)
    plan = []
    for name in names:
        if name in _GOOGLE_TIMESTAMPS:
            plan.append(Column(name, name, "time", body[name], question=False))
            continue
        known, role = _meta_role(name, _GOOGLE_META)
        grid = _GRID.match(name)
        label = f"{grid.group(1)} — {grid.group(2)}" if grid else name
        role = role if known else _multi_role(body[name], ", ")
        plan.append(Column(name, label, role, body[name], question=not known))
    layout = assemble("google_forms", plan, 1)
    _add_options(layout, ", ")
    return layout


def _multi_role(cells: pd.Series, sep: str) -> str | None:
    """multi_choice when the cells read as joined options, else None (guess later)."""
    return "multi_choice" if looks_multi(cells.replace("", None), sep) else None


def _add_options(layout: Layout, sep: str) -> None:
    """Rewrite multiple-choice cells joined by sep to MULTI_JOIN and record their options."""
    for name, role in layout.roles.items():
        if role == "multi_choice":
            cells = layout.body[name].map(lambda c: MULTI_JOIN.join(split_choices(c, sep)) if c else c)
            layout.body[name] = cells
            layout.options[name] = options_of(cells.replace("", None))


def _import_ids(raw: pd.DataFrame) -> bool:
    """Whether row 3 holds Qualtrics' {"ImportId": …} cells."""
    if len(raw) < 3:
        return False
    cells = [str(v) for v in raw.iloc[2] if str(v).strip()]
    def is_import(cell: str) -> bool:
        """Whether a cell is a JSON object naming an ImportId."""
        try:
            return "ImportId" in json.loads(cell)
        except (ValueError, TypeError):
            return False
    return bool(cells) and sum(map(is_import, cells)) >= 0.8 * len(cells)


def detect_platform(raw: pd.DataFrame) -> str:
    """Which platform wrote the cell table, from the header row(s) alone."""
    if raw.empty:
        return "generic"
    first = [str(v).strip() for v in raw.iloc[0]]
    named = set(first)
    qualtrics_ids = {"ResponseId", "StartDate"} <= named or {"ResponseID", "StartDate"} <= named
    if len(raw) >= 2 and (_import_ids(raw) or qualtrics_ids):
        return "qualtrics"
    if len(raw) >= 2 and ({"Respondent ID", "Collector ID"} <= named or {"回复者 ID", "收集器 ID"} <= named):
        return "surveymonkey"
    if first[0] in _GOOGLE_TIMESTAMPS:
        return "google_forms"
    if "序号" in named and named & {"提交答卷时间", "所用时间", "来自IP"}:
        return "wjx"
    if "编号" in named and named & {"开始答题时间", "结束答题时间", "答题时长"}:
        return "tencent"
    questions = [n for n in first if n]
    if len(questions) >= 2:
        if sum(bool(_WJX_QUESTION.match(n) or _WJX_CODE_OPTION.match(n)) for n in questions) >= 0.5 * len(questions):
            return "wjx"
        if sum(bool(_TENCENT_QUESTION.match(n)) for n in questions) >= 0.5 * len(questions):
            return "tencent"
    return "generic"


READERS = {"wjx": read_wjx, "tencent": read_tencent, "qualtrics": read_qualtrics,
           "surveymonkey": read_surveymonkey, "google_forms": read_google_forms}


def read_layout(raw: pd.DataFrame) -> Layout | None:
    """The platform layout of a cell table, or None for a file no platform wrote."""
    platform = detect_platform(raw)
    return READERS[platform](raw) if platform in READERS else None
