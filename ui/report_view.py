"""Saved reports in the app: save and share a link, open ?report=TOKEN read-only, download exports.

The filters and the share base live in readable query parameters (?f.区域=华东&base=mentions),
so a copied address reproduces the view, of a saved report or of a demo.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from analysis.charts import pareto_chart
from analysis.codebook import Codebook
from reports.content import BASES, ReportContext, build_sections, filter_rows, overall_pareto
from reports.html import report_html
from reports.images import chart_png, chart_svg
from reports.snapshots import Snapshot, SnapshotStore
from reports.workbook import report_workbook
from ui.i18n import TEXT, t
from ui.views import pareto_section, verbatim_section

REPORT_TEXT = {
    "report_share": {"zh": "保存并分享", "en": "Save and share"},
    "report_title": {"zh": "报告标题", "en": "Report title"},
    "report_expiry": {"zh": "有效天数（0 = 永久）", "en": "Expires after days (0 = never)"},
    "report_save": {"zh": "保存并生成链接", "en": "Save and make a link"},
    "report_saved": {"zh": "已保存。任何拿到此链接的人都能只读查看这份报告：",
                     "en": "Saved. Anyone with this link can view the report read-only:"},
    "report_secret": {"zh": "删除密钥（只显示这一次，请妥善保存；凭它可撤销链接）：",
                      "en": "Delete secret (shown only this once; keep it to revoke the link):"},
    "report_db_error": {"zh": "报告数据库暂时无法使用，报告未保存；请稍后再试或联系管理员。",
                        "en": "The report database is unavailable, so nothing was saved; try again later or ask your administrator."},
    "report_missing": {"zh": "找不到这份报告：链接有误、已被撤销或已过期。",
                       "en": "This report does not exist: the link is wrong, revoked or expired."},
    "report_readonly": {"zh": "只读报告 · 保存于 {created}{expires} · 数据文件 {source}",
                        "en": "Read-only report · saved {created}{expires} · data file {source}"},
    "report_expires": {"zh": "，{date} 过期", "en": ", expires {date}"},
    "report_reset": {"zh": "回到保存时的状态", "en": "Back to the saved state"},
    "report_exports": {"zh": "导出报告", "en": "Export the report"},
    "report_html": {"zh": "下载 HTML 报告（可离线打开）", "en": "Download HTML report (opens offline)"},
    "report_xlsx": {"zh": "下载 Excel 工作簿", "en": "Download Excel workbook"},
    "report_png": {"zh": "下载图表 PNG", "en": "Download chart as PNG"},
    "report_svg": {"zh": "下载图表 SVG", "en": "Download chart as SVG"},
    "report_revoke": {"zh": "撤销此链接", "en": "Revoke this link"},
    "report_revoke_secret": {"zh": "删除密钥", "en": "Delete secret"},
    "report_revoke_button": {"zh": "撤销", "en": "Revoke"},
    "report_revoked": {"zh": "已撤销：这个链接从此打不开了。", "en": "Revoked: this link no longer opens."},
    "report_wrong_secret": {"zh": "删除密钥不对，链接未撤销。", "en": "That delete secret is wrong; the link was not revoked."},
}
TEXT.update(REPORT_TEXT)

DEFAULT_BASE_URL = "http://localhost:8501/"
log = logging.getLogger("churnlens")


@st.cache_resource(show_spinner=False)
def store() -> SnapshotStore:
    """The report database (CHURNLENS_DB, else the SQLite file under ./data)."""
    return SnapshotStore()


# ---- the view in query parameters -------------------------------------------------------

def view_to_params(view: Mapping) -> dict[str, str | list[str]]:
    """Query parameters for a view: f.<column> per chosen filter value, base, weight."""
    params: dict[str, str | list[str]] = {f"f.{c}": [str(v) for v in chosen]
                                          for c, chosen in view.get("filters", {}).items() if chosen}
    params["base"] = view.get("base") or "respondents"
    if view.get("weight"):
        params["weight"] = str(view["weight"])
    return params


def view_from_params(params: Mapping[str, list[str]]) -> dict:
    """The view described by query parameters (each key mapped to all its values)."""
    return {
        "filters": {key[2:]: list(values) for key, values in params.items() if key.startswith("f.") and values},
        "base": next(iter(params.get("base", [])), "respondents"),
        "weight": next(iter(params.get("weight", [])), None),
    }


def _current_params() -> dict[str, list[str]]:
    """Every query parameter with all its values."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def apply_view(view: Mapping, rows: pd.DataFrame, segment_columns: list[str], weight_columns: list[str]) -> None:
    """Set the filter, base and weight widgets to a view, dropping values the data does not have."""
    filters = view.get("filters", {})
    for column in segment_columns:
        present = set(rows[column].dropna().astype(str))
        st.session_state[f"filter:{column}"] = sorted(v for v in filters.get(column, []) if v in present)
    st.session_state["base"] = view.get("base") if view.get("base") in BASES else "respondents"
    st.session_state["weight"] = view.get("weight") if view.get("weight") in weight_columns else None


def seed_view(rows: pd.DataFrame, segment_columns: list[str], weight_columns: list[str],
              saved: Mapping | None = None) -> None:
    """On a page's first run, take the view from the address (else from the saved report)."""
    if st.session_state.get("view_seeded"):
        return
    st.session_state["view_seeded"] = True
    params = _current_params()
    in_address = any(key.startswith("f.") or key in ("base", "weight") for key in params)
    if in_address or saved is not None:
        apply_view(view_from_params(params) if in_address else saved, rows, segment_columns, weight_columns)


def current_view(segment_columns: list[str]) -> dict:
    """The view the widgets show now."""
    return {
        "filters": {c: list(st.session_state.get(f"filter:{c}") or []) for c in segment_columns},
        "base": st.session_state.get("base", "respondents"),
        "weight": st.session_state.get("weight"),
    }


def publish_view(segment_columns: list[str]) -> None:
    """Mirror the widgets into the address bar, so the address reproduces this view."""
    wanted = view_to_params(current_view(segment_columns))
    for key in list(st.query_params):
        if (key.startswith("f.") or key in ("base", "weight")) and key not in wanted:
            del st.query_params[key]
    for key, value in wanted.items():
        if _current_params().get(key) != ([value] if isinstance(value, str) else value):
            st.query_params[key] = value


# ---- exports and saving --------------------------------------------------------------------

def export_section(context: ReportContext, title: str, lang: str) -> None:
    """Download buttons: the HTML report, the workbook, the Pareto chart as PNG and SVG."""
    st.subheader(t("report_exports", lang))
    chart = pareto_chart(overall_pareto(context), context.codebook.names(lang), lang,
                         weighted=context.weight is not None)
    stem = "".join(ch for ch in title if ch not in '\\/:*?"<>|').strip() or "churnlens"
    html_col, xlsx_col, png_col, svg_col = st.columns(4)
    # Files are made only when clicked: rendering charts on every rerun would slow the page.
    html_col.download_button(t("report_html", lang), key="report_download_html", on_click="ignore",
                             data=lambda: report_html(title, build_sections(context), datetime.now(UTC), lang),
                             file_name=f"{stem}.html", mime="text/html")
    xlsx_col.download_button(t("report_xlsx", lang), key="report_download_xlsx", on_click="ignore",
                             data=lambda: report_workbook(build_sections(context), context.rows, lang),
                             file_name=f"{stem}.xlsx",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    png_col.download_button(t("report_png", lang), key="report_download_png", on_click="ignore",
                            data=lambda: chart_png(chart), file_name=f"{stem}-pareto.png", mime="image/png")
    svg_col.download_button(t("report_svg", lang), key="report_download_svg", on_click="ignore",
                            data=lambda: chart_svg(chart), file_name=f"{stem}-pareto.svg", mime="image/svg+xml")


def _link(token: str) -> str:
    """The app's own address with ?report=TOKEN."""
    base = st.context.url or os.environ.get("CHURNLENS_BASE_URL") or DEFAULT_BASE_URL
    return f"{base.rstrip('/')}/?report={token}"


def share_section(rows: pd.DataFrame, filtered: pd.DataFrame, text_col: str, codebook: Codebook,
                  segment_columns: list[str], weight_columns: list[str], source: str, lang: str) -> None:
    """Exports of the current view, and "save and share": a snapshot behind a link."""
    view = current_view(segment_columns)
    context = ReportContext(filtered, text_col, codebook, segment_columns, view, lang, source)
    export_section(context, Path(source).stem, lang)
    with st.expander(t("report_share", lang)):
        with st.form("report_share_form"):
            title = st.text_input(t("report_title", lang), value=Path(source).stem, key="report_title")
            days = st.number_input(t("report_expiry", lang), min_value=0, max_value=3650, value=0, step=1,
                                   key="report_expiry")
            submitted = st.form_submit_button(t("report_save", lang))
        if submitted:
            snapshot = Snapshot(title.strip() or Path(source).stem, rows, codebook, text_col, segment_columns,
                                weight_columns, view, source)
            try:
                saved = store().save(snapshot, int(days) or None)
            except sa.exc.SQLAlchemyError:
                log.exception("saving a report failed")
                st.error(t("report_db_error", lang))
                return
            st.session_state["report_saved"] = (source, _link(saved.token), saved.delete_secret)
        shown_for, link, secret = st.session_state.get("report_saved", (None, "", ""))
        if shown_for == source:  # the link of this file, not of one analysed before
            st.success(t("report_saved", lang))
            st.code(link, language=None)
            st.warning(t("report_secret", lang))
            st.code(secret, language=None)


# ---- the read-only page behind ?report=TOKEN ------------------------------------------------

def requested_token() -> str | None:
    """The token in ?report=, if the page was opened from a saved link."""
    return st.query_params.get("report") or None


def _snapshot(token: str) -> Snapshot | None:
    """The saved report, read once per browser session."""
    cache = st.session_state.setdefault("report_snapshots", {})
    if token not in cache:
        cache[token] = store().load(token)
    return cache[token]


def _filters(rows: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """Segment filters in the sidebar, as on the main page."""
    st.sidebar.subheader(t("filters", lang))
    for column in columns:
        values = sorted(rows[column].dropna().astype(str).unique())
        st.sidebar.multiselect(str(column), values, placeholder=t("all", lang), key=f"filter:{column}")
    return filter_rows(rows, current_view(columns)["filters"])


def _revoke(token: str, lang: str) -> None:
    """Let the creator revoke the link with the delete secret."""
    with st.expander(t("report_revoke", lang)):
        with st.form("report_revoke_form"):
            secret = st.text_input(t("report_revoke_secret", lang), type="password", key="report_revoke_secret")
            submitted = st.form_submit_button(t("report_revoke_button", lang))
        if submitted:
            if store().revoke(token, secret.strip()):
                st.session_state["report_snapshots"].pop(token, None)
                st.success(t("report_revoked", lang))
            else:
                st.error(t("report_wrong_secret", lang))


def saved_report_page(token: str, lang: str) -> None:
    """The saved report, read-only: same numbers as when saved, filters adjustable."""
    try:
        snapshot = _snapshot(token)
    except sa.exc.SQLAlchemyError:
        log.exception("reading a saved report failed")
        st.error(t("report_db_error", lang))
        return
    if snapshot is None:
        st.error(t("report_missing", lang))
        return
    rows, segments, weights = snapshot.rows, snapshot.segment_columns, snapshot.weight_columns
    st.header(snapshot.title)
    expires = t("report_expires", lang, date=f"{snapshot.expires_at:%Y-%m-%d}") if snapshot.expires_at else ""
    st.caption(t("report_readonly", lang, created=f"{snapshot.created_at:%Y-%m-%d %H:%M} UTC", expires=expires,
                 source=snapshot.source))
    seed_view(rows, segments, weights, saved=snapshot.view)
    st.sidebar.button(t("report_reset", lang), on_click=apply_view, args=(snapshot.view, rows, segments, weights),
                      key="report_reset")
    filtered = _filters(rows, segments, lang)
    base = st.sidebar.radio(t("base", lang), list(BASES), key="base", format_func=lambda b: t(f"base_{b}", lang))
    weight = st.sidebar.selectbox(t("weight", lang), [None, *weights], key="weight",
                                  format_func=lambda c: t("no_weight", lang) if c is None else str(c))
    publish_view(segments)
    if filtered.empty:
        st.warning(t("empty_filter", lang))
    else:
        table, clicked = pareto_section(filtered, snapshot.codebook, lang, base, weight)
        verbatim_section(filtered, snapshot.text_col, snapshot.codebook, lang, table, clicked)
        context = ReportContext(filtered, snapshot.text_col, snapshot.codebook, segments,
                                current_view(segments), lang, snapshot.source)
        export_section(context, snapshot.title, lang)
    _revoke(token, lang)
