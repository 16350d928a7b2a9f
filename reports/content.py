"""What a report shows, as a list of sections that the HTML page and the workbook both render.

Each builder in SECTION_BUILDERS turns the report's context into sections (a title, a table,
maybe a chart). New views — breakdowns, trends — join the exports by adding a builder there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from analysis.breakdown import cooccurrence, names_reason, pareto_table
from analysis.charts import pareto_chart
from analysis.code import evidence_terms
from analysis.codebook import OTHER, Codebook
from analysis.significance import segment_breakdown

VERBATIMS_PER_REASON = 5
BASES = ("respondents", "mentions")

LABELS = {
    "zh": {
        "summary": "数据概况", "pareto": "帕累托分析", "segment": "按“{column}”细分", "verbatims": "典型原话",
        "codebook": "所用编码本", "actions": "行动计划", "item": "项目", "value": "内容",
        "source": "数据文件", "rows": "答卷数", "text_col": "开放题文本列", "filters": "筛选",
        "no_filter": "全部", "base": "占比基数", "weight": "加权列", "no_weight": "不加权（人数）",
        "coded_share": "已归因占比", "codebook_id": "编码本指纹", "packs": "行业词包",
        "respondents": "按答卷人数", "mentions": "按提及次数",
        "reason": "原因", "count": "人数", "amount": "金额", "answers": "答卷数", "share": "占比",
        "cumulative": "累计占比", "vital": "关键少数", "yes": "是", "answer": "原话", "evidence": "触发词",
        "id": "编号", "name_zh": "中文名", "name_en": "英文名", "description": "定义", "signals": "信号词",
        "countermeasure": "对策", "none": "无",
        "difference": "“{column}”间的差异（显著性）", "segment_value": "细分", "n": "样本数",
        "ci": "95% 置信区间", "rest_share": "其他细分占比", "p_adjusted": "校正后 p 值", "significant": "显著",
        "small_base": "样本过小", "cooccurrence": "原因共现", "with_reason": "同时提及", "pairs": "人数",
        "share_of_reason": "占该原因比例",
    },
    "en": {
        "summary": "Data summary", "pareto": "Pareto analysis", "segment": "By {column}", "verbatims": "Top verbatims",
        "codebook": "Codebook used", "actions": "Action plan", "item": "Item", "value": "Value",
        "source": "Data file", "rows": "Answers", "text_col": "Open-text column", "filters": "Filters",
        "no_filter": "all", "base": "Share base", "weight": "Weight column", "no_weight": "none (head count)",
        "coded_share": "Share with a reason", "codebook_id": "Codebook fingerprint", "packs": "Industry packs",
        "respondents": "respondents", "mentions": "mentions",
        "reason": "Reason", "count": "Respondents", "amount": "Value", "answers": "Answers", "share": "Share",
        "cumulative": "Cumulative share", "vital": "Vital few", "yes": "yes", "answer": "Answer",
        "evidence": "Trigger words", "id": "ID", "name_zh": "Chinese name", "name_en": "English name",
        "description": "Definition", "signals": "Signal words", "countermeasure": "Countermeasure", "none": "none",
        "difference": "Differences by {column} (significance)", "segment_value": "Segment", "n": "Base",
        "ci": "95% CI", "rest_share": "Share elsewhere", "p_adjusted": "Adjusted p", "significant": "Significant",
        "small_base": "Small base", "cooccurrence": "Reasons named together", "with_reason": "Named with",
        "pairs": "Respondents", "share_of_reason": "Share of the reason",
    },
}


@dataclass(frozen=True)
class ReportContext:
    """Everything a section builder may use: the rows in view and how they are viewed."""

    rows: pd.DataFrame
    text_col: str
    codebook: Codebook
    segment_columns: list[str]
    view: dict
    lang: str = "zh"
    source: str = ""

    @property
    def words(self) -> dict[str, str]:
        """The labels in the report's language."""
        return LABELS[self.lang]

    @property
    def base(self) -> str:
        """respondents or mentions."""
        return self.view.get("base") if self.view.get("base") in BASES else "respondents"

    @property
    def weight(self) -> str | None:
        """The weight column, if one is chosen and present."""
        weight = self.view.get("weight")
        return weight if weight in self.rows.columns else None


@dataclass(frozen=True)
class Section:
    """One titled table, maybe with a chart; percent_columns hold shares between 0 and 1."""

    key: str
    title: str
    table: pd.DataFrame
    chart: alt.TopLevelMixin | None = None
    percent_columns: tuple[str, ...] = field(default_factory=tuple)


def filter_rows(rows: pd.DataFrame, filters: dict[str, list[str]]) -> pd.DataFrame:
    """Rows whose segment values are among the chosen ones (no choice = all)."""
    mask = pd.Series(True, index=rows.index)
    for column, chosen in filters.items():
        if chosen and column in rows.columns:
            mask &= rows[column].astype(str).isin([str(v) for v in chosen])
    return rows[mask]


def overall_pareto(context: ReportContext) -> pd.DataFrame:
    """The Pareto table of the rows in view, as the app computes it."""
    weights = context.rows[context.weight] if context.weight else None
    return pareto_table(context.rows["tags"], weights, base=context.base, order=context.codebook.ids)


def _readable(table: pd.DataFrame, context: ReportContext) -> pd.DataFrame:
    """A Pareto table with reason names and labelled columns (numbers stay numbers)."""
    words, names = context.words, context.codebook.names(context.lang)
    readable = pd.DataFrame({
        words["reason"]: table["reason"].map(lambda r: names.get(r, r)),
        words["amount" if context.weight else "count"]: table["count"],
    })
    if context.weight:
        readable[words["answers"]] = table["respondents"]
    readable[words["share"]] = table["share"]
    readable[words["cumulative"]] = table["cumulative_share"]
    readable[words["vital"]] = table["vital_few"].map({True: words["yes"], False: ""})
    return readable


def summary_section(context: ReportContext) -> list[Section]:
    """Where the numbers come from: file, rows, column, filters, base, codebook."""
    words = context.words
    filters = "; ".join(f"{c} = {', '.join(map(str, v))}" for c, v in context.view.get("filters", {}).items() if v)
    tagged = context.rows["tags"].fillna(OTHER) != OTHER
    items = [
        (words["source"], context.source),
        (words["rows"], f"{len(context.rows):,}"),
        (words["text_col"], context.text_col),
        (words["filters"], filters or words["no_filter"]),
        (words["base"], words[context.base]),
        (words["weight"], context.weight or words["no_weight"]),
        (words["coded_share"], f"{tagged.mean():.1%}" if len(tagged) else "—"),
        (words["packs"], ", ".join(context.codebook.packs) or words["none"]),
        (words["codebook_id"], context.codebook.fingerprint()),
    ]
    return [Section("summary", words["summary"], pd.DataFrame(items, columns=[words["item"], words["value"]]))]


def pareto_section(context: ReportContext) -> list[Section]:
    """The Pareto table with its chart."""
    words = context.words
    table = overall_pareto(context)
    chart = pareto_chart(table, context.codebook.names(context.lang), context.lang, weighted=context.weight is not None)
    return [Section("pareto", words["pareto"], _readable(table, context), chart,
                    (words["share"], words["cumulative"]))]


def segment_sections(context: ReportContext) -> list[Section]:
    """One Pareto table per segment column, a block of rows per segment value."""
    words, sections = context.words, []
    for column in context.segment_columns:
        if column not in context.rows.columns:
            continue
        blocks = []
        for value, part in context.rows.groupby(context.rows[column].astype(str), sort=True):
            table = _readable(overall_pareto(ReportContext(part, context.text_col, context.codebook, [],
                                                           context.view, context.lang)), context)
            table.insert(0, str(column), value)
            blocks.append(table)
        if blocks:
            sections.append(Section(f"segment:{column}", words["segment"].format(column=column),
                                    pd.concat(blocks, ignore_index=True), None, (words["share"], words["cumulative"])))
    return sections


def significance_sections(context: ReportContext) -> list[Section]:
    """Per segment column, every segment × reason share with its interval and BH-corrected significance."""
    words, names, sections = context.words, context.codebook.names(context.lang), []
    for column in context.segment_columns:
        if column not in context.rows.columns or context.rows.empty:
            continue
        cells = segment_breakdown(context.rows["tags"].fillna(OTHER), context.rows[column], context.codebook.ids)
        mark = {True: words["yes"], False: ""}
        table = pd.DataFrame({
            words["segment_value"]: cells["segment"], words["reason"]: cells["reason"].map(lambda r: names.get(r, r)),
            words["count"]: cells["count"], words["n"]: cells["n"], words["share"]: cells["share"],
            words["ci"]: [f"{low:.1%}–{high:.1%}" for low, high in zip(cells["ci_low"], cells["ci_high"])],
            words["rest_share"]: cells["rest_share"], words["p_adjusted"]: cells["p_adjusted"].round(4),
            words["significant"]: cells["significant"].map(mark), words["small_base"]: cells["small_base"].map(mark),
        })
        sections.append(Section(f"difference:{column}", words["difference"].format(column=column), table, None,
                                (words["share"], words["rest_share"])))
    return sections


def cooccurrence_section(context: ReportContext) -> list[Section]:
    """Which reasons are named together, as pairs (each pair once)."""
    words, names = context.words, context.codebook.names(context.lang)
    pairs = cooccurrence(context.rows["tags"].fillna(OTHER), context.codebook.ids)
    order = {reason: i for i, reason in enumerate(context.codebook.ids)}
    pairs = pairs[(pairs["count"] > 0) & (pairs["reason"].map(order) < pairs["with_reason"].map(order))]
    if pairs.empty:
        return []
    pairs = pairs.sort_values("count", ascending=False, kind="stable")
    table = pd.DataFrame({
        words["reason"]: pairs["reason"].map(lambda r: names.get(r, r)),
        words["with_reason"]: pairs["with_reason"].map(lambda r: names.get(r, r)),
        words["pairs"]: pairs["count"], words["share_of_reason"]: pairs["share_of_reason"],
    })
    return [Section("cooccurrence", words["cooccurrence"], table, None, (words["share_of_reason"],))]


def verbatim_section(context: ReportContext) -> list[Section]:
    """Per reason, the answers with the most trigger words for it."""
    words, names = context.words, context.codebook.names(context.lang)
    rows = []
    for reason in context.codebook.ids:
        mine = context.rows[names_reason(context.rows["tags"], reason)]
        if mine.empty:
            continue
        terms = mine["evidence"].fillna("").map(lambda e: evidence_terms(e).get(reason, []))
        strongest = terms.map(len).sort_values(ascending=False, kind="stable").index[:VERBATIMS_PER_REASON]
        for index in strongest:
            rows.append((names.get(reason, reason), mine.at[index, context.text_col], "、".join(terms[index])))
    table = pd.DataFrame(rows, columns=[words["reason"], words["answer"], words["evidence"]])
    return [Section("verbatims", words["verbatims"], table)]


def codebook_section(context: ReportContext) -> list[Section]:
    """The reasons, their definitions and signal words as used for this report."""
    words = context.words
    table = pd.DataFrame([
        (r.id, r.name_zh, r.name_en, r.description_zh if context.lang == "zh" else r.description_en,
         "、".join(r.signals))
        for r in context.codebook.reasons
    ], columns=[words["id"], words["name_zh"], words["name_en"], words["description"], words["signals"]])
    return [Section("codebook", words["codebook"], table)]


def action_section(context: ReportContext) -> list[Section]:
    """The codebook's countermeasures for the vital few reasons, biggest first."""
    words = context.words
    table = overall_pareto(context)
    rows = []
    for _, line in table[table["vital_few"]].iterrows():
        reason = context.codebook.reason(line["reason"]) if line["reason"] in context.codebook.ids else None
        for measure in reason.countermeasures if reason else ():
            rows.append((reason.name(context.lang), line["share"], measure))
    if not rows:
        return []
    return [Section("actions", words["actions"],
                    pd.DataFrame(rows, columns=[words["reason"], words["share"], words["countermeasure"]]),
                    None, (words["share"],))]


SECTION_BUILDERS: list[Callable[[ReportContext], list[Section]]] = [
    summary_section, pareto_section, segment_sections, significance_sections, cooccurrence_section, action_section,
    verbatim_section, codebook_section,
]


def build_sections(context: ReportContext) -> list[Section]:
    """Every section of the report, in reading order."""
    return [section for builder in SECTION_BUILDERS for section in builder(context)]
