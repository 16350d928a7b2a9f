"""What was detected in a file (platform, encoding, column roles), one-click role fixes, and the
reason questions to code: ticked options and written answers side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.breakdown import names_reason
from analysis.choices import SOURCE_COLUMNS
from analysis.codebook import OTHER, Codebook
from surveys import Survey
from surveys.roles import ROLES
from ui.i18n import TEXT, t

PLATFORM_NAMES = {
    "wjx": {"zh": "问卷星", "en": "Wenjuanxing (问卷星)"},
    "tencent": {"zh": "腾讯问卷", "en": "Tencent Survey (腾讯问卷)"},
    "qualtrics": {"zh": "Qualtrics", "en": "Qualtrics"},
    "surveymonkey": {"zh": "SurveyMonkey", "en": "SurveyMonkey"},
    "google_forms": {"zh": "Google 表单", "en": "Google Forms"},
    "generic": {"zh": "普通表格", "en": "Plain table"},
}
ROLE_NAMES = {
    "id": {"zh": "编号", "en": "ID"}, "time": {"zh": "时间", "en": "Time"},
    "text": {"zh": "开放题文本", "en": "Open text"}, "choice": {"zh": "单选题", "en": "Single choice"},
    "multi_choice": {"zh": "多选题", "en": "Multiple choice"}, "segment": {"zh": "分组", "en": "Segment"},
    "number": {"zh": "数值", "en": "Number"}, "meta": {"zh": "其他信息", "en": "Metadata"},
}
UPLOAD_TEXT = {
    "upload_detected": {"zh": "识别结果：{platform} · {encoding} · {rows} 份答卷",
                        "en": "Detected: {platform} · {encoding} · {rows} respondents"},
    "upload_sheet": {"zh": "工作表：{sheet}", "en": "Sheet: {sheet}"},
    "upload_col_name": {"zh": "列名", "en": "Column"},
    "upload_col_label": {"zh": "题目", "en": "Question"},
    "upload_col_role": {"zh": "识别为", "en": "Detected as"},
    "upload_col_options": {"zh": "选项", "en": "Options"},
    "upload_fix_column": {"zh": "更正哪一列的类型", "en": "Correct the role of"},
    "upload_fix_role": {"zh": "这一列是", "en": "This column is"},
    "upload_reason_choices": {"zh": "原因选择题（勾选的原因）", "en": "Reason choice questions (ticked reasons)"},
    "upload_reason_help": {"zh": "选项按编码本归入原因，并与开放题写的原因合并。",
                           "en": "Options are coded with the codebook and combined with the written reasons."},
    "upload_sources": {"zh": "勾选的原因与写下的原因对照", "en": "Ticked and written reasons side by side"},
    "upload_sources_caption": {"zh": "每个原因有多少人在选择题里勾选、在开放题里写到，以及合并后的人数。",
                               "en": "Respondents per reason: ticked in the choice question, written in the open answer, and combined."},
    "upload_ticked": {"zh": "勾选", "en": "Ticked"},
    "upload_written": {"zh": "写下", "en": "Written"},
    "upload_combined": {"zh": "合并", "en": "Combined"},
    "upload_sources_download": {"zh": "下载对照表 CSV", "en": "Download the comparison as CSV"},
}
TEXT.update(UPLOAD_TEXT)


def _role_key(content_hash: str, column: str) -> str:
    """Session key of the role the user gave a column of one file."""
    return f"upload_role:{content_hash}:{column}"


def corrected(survey: Survey, content_hash: str) -> Survey:
    """The survey with the roles the user corrected in this session."""
    changes = {c: st.session_state[_role_key(content_hash, c)] for c in survey.frame.columns
               if st.session_state.get(_role_key(content_hash, c), survey.roles[c]) != survey.roles[c]}
    return survey.with_roles(changes) if changes else survey


def columns_table(survey: Survey, lang: str) -> pd.DataFrame:
    """One row per column: name, question text, role and options, for display."""
    return pd.DataFrame({
        t("upload_col_name", lang): list(survey.frame.columns),
        t("upload_col_label", lang): [survey.labels.get(c, c) for c in survey.frame.columns],
        t("upload_col_role", lang): [ROLE_NAMES[survey.roles[c]][lang] for c in survey.frame.columns],
        t("upload_col_options", lang): ["、".join(survey.options.get(c, ())) for c in survey.frame.columns],
    })


def detection_section(survey: Survey, content_hash: str, lang: str) -> tuple[Survey, list[str]]:
    """Show what was detected, let the user fix a role, pick reason choice questions.

    Returns the survey with corrected roles and the choice questions to code with the text.
    """
    survey = corrected(survey, content_hash)
    heading = t("upload_detected", lang, platform=PLATFORM_NAMES[survey.platform][lang],
                encoding=survey.encoding or "Excel", rows=f"{len(survey.frame):,}")
    with st.expander(heading, expanded=survey.platform != "generic"):
        if survey.sheet:
            st.caption(t("upload_sheet", lang, sheet=survey.sheet))
        st.dataframe(columns_table(survey, lang), hide_index=True, key="upload_columns")
        left, right = st.columns([1, 2])
        column = left.selectbox(t("upload_fix_column", lang), list(survey.frame.columns), key="upload_fix_column",
                                format_func=lambda c: f"{c}（{ROLE_NAMES[survey.roles[c]][lang]}）")
        right.radio(t("upload_fix_role", lang), ROLES, index=ROLES.index(survey.roles[column]), horizontal=True,
                    format_func=lambda r: ROLE_NAMES[r][lang], key=_role_key(content_hash, column))
        survey = corrected(survey, content_hash)
    questions = [c for c, role in survey.roles.items() if role in ("choice", "multi_choice")]
    if not questions:
        return survey, []
    chosen = st.sidebar.multiselect(t("upload_reason_choices", lang), questions, help=t("upload_reason_help", lang),
                                    default=survey.reason_choice_columns, key=f"upload_choices:{content_hash}",
                                    format_func=lambda c: survey.labels.get(c, c))
    return survey, chosen


def sources_table(coded: pd.DataFrame, book: Codebook, lang: str) -> pd.DataFrame:
    """Respondents per reason: ticked, written and combined (named reasons, codebook order)."""
    def count(column: str, reason: str) -> int:
        """Respondents whose tags in column include reason."""
        return int(names_reason(coded[column], reason).sum())

    names = book.names(lang)
    reasons = [r for r in book.ids if r != OTHER]
    return pd.DataFrame({
        t("col_reason", lang): [names.get(r, r) for r in reasons],
        t("upload_ticked", lang): [count(SOURCE_COLUMNS[0], r) for r in reasons],
        t("upload_written", lang): [count(SOURCE_COLUMNS[1], r) for r in reasons],
        t("upload_combined", lang): [count("tags", r) for r in reasons],
    })


def sources_section(coded: pd.DataFrame, book: Codebook, lang: str) -> None:
    """The ticked and written reasons side by side, with a download."""
    st.subheader(t("upload_sources", lang))
    st.caption(t("upload_sources_caption", lang))
    table = sources_table(coded, book, lang)
    st.dataframe(table, hide_index=True, key="upload_sources_table")
    st.download_button(t("upload_sources_download", lang), table.to_csv(index=False).encode("utf-8-sig"),
                       file_name="ticked_vs_written.csv", mime="text/csv", key="upload_sources_download")
