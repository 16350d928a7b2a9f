"""主题发现 / Themes: what the codebook misses, promoted into it; and the codebook editor."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.code import coder_for
from analysis.codebook import OTHER, Codebook, CodebookError
from analysis.codebook_edit import (WORD_KINDS, EditError, add_reason, add_words, codebook_from_zip, codebook_zip,
                                    set_words, split_words, suggest_id)
from analysis.themes import find_themes
from ui.i18n import TEXT, t

THEMES_TEXT = {
    "themes_title": {"zh": "主题发现", "en": "Themes"},
    "themes_help": {"zh": "把编码本未能归类（“其他”）的回答聚成主题。给主题起名后可加入编码本成为新原因，"
                          "或并入已有原因，也可忽略；数据会重新编码，帕累托图随之更新。",
                    "en": "Answers the codebook leaves as “other”, clustered into themes. Name a theme to add it "
                          "to the codebook as a new reason, merge it into a reason, or dismiss it; the data is "
                          "re-coded and the Pareto updates."},
    "themes_scope": {"zh": "范围", "en": "Scope"},
    "themes_scope_other": {"zh": "仅“其他”", "en": "“Other” only"},
    "themes_scope_all": {"zh": "全部回答", "en": "All answers"},
    "themes_k": {"zh": "主题数（0 = 自动）", "en": "Number of themes (0 = automatic)"},
    "themes_running": {"zh": "正在发现主题…", "en": "Finding themes…"},
    "themes_summary": {"zh": "{answers} 条回答（合并近似重复后 {distinct} 条）；{k} 个主题（{how}）；{unthemed} 条未归入主题。",
                       "en": "{answers} answers ({distinct} after collapsing near-duplicates); {k} themes ({how}); "
                             "{unthemed} in no theme."},
    "themes_how_silhouette": {"zh": "按轮廓系数自动选择", "en": "chosen by silhouette"},
    "themes_how_given": {"zh": "手动指定", "en": "given"},
    "themes_none": {"zh": "回答太少或太相似，没有找到主题。", "en": "Too few or too similar answers: no themes found."},
    "themes_heading": {"zh": "主题 {n} · {size} 条 · {terms}", "en": "Theme {n} · {size} answers · {terms}"},
    "themes_name": {"zh": "主题名称（中文）", "en": "Theme name (Chinese)"},
    "themes_name_en": {"zh": "英文名称（可选）", "en": "English name (optional)"},
    "themes_words": {"zh": "信号词（空格分隔，可修改）", "en": "Signal words (space-separated, editable)"},
    "themes_promote": {"zh": "加入编码本为新原因", "en": "Add to the codebook as a new reason"},
    "themes_merge_to": {"zh": "并入已有原因", "en": "Merge into reason"},
    "themes_merge": {"zh": "并入", "en": "Merge"},
    "themes_need_words": {"zh": "请至少填写一个信号词。", "en": "Give at least one signal word."},
    "themes_dismiss": {"zh": "忽略此主题", "en": "Dismiss"},
    "themes_promoted": {"zh": "已新增原因“{name}”，数据已重新编码。", "en": "Added reason “{name}”; the data was re-coded."},
    "themes_merged": {"zh": "已把 {words} 加入“{name}”的信号词，数据已重新编码。",
                      "en": "Added {words} to the signal words of “{name}”; the data was re-coded."},
    "themes_editor": {"zh": "编码本编辑器", "en": "Codebook editor"},
    "themes_editor_help": {"zh": "修改任一原因的词：信号词单独出现即归入该原因；方面词需与抱怨词同现；褒义词被否定时归入。"
                                 "增删行后点“应用修改”。",
                           "en": "Edit the words of any reason: signals tag on their own, aspects need a complaint "
                                 "word, praise words tag when negated. Add or delete rows, then Apply."},
    "themes_edit_reason": {"zh": "原因", "en": "Reason"},
    "themes_col_word": {"zh": "词", "en": "Word"},
    "themes_col_kind": {"zh": "类别", "en": "List"},
    "themes_kind_signals": {"zh": "信号词", "en": "signals"},
    "themes_kind_aspects": {"zh": "方面词", "en": "aspects"},
    "themes_kind_praise": {"zh": "褒义词", "en": "praise"},
    "themes_apply": {"zh": "应用修改", "en": "Apply"},
    "themes_download": {"zh": "下载编码本（TOML 文件 zip）", "en": "Download the codebook (zip of TOML files)"},
    "themes_upload": {"zh": "上传编码本 zip", "en": "Upload a codebook zip"},
    "themes_use_upload": {"zh": "使用上传的编码本", "en": "Use the uploaded codebook"},
    "themes_reset": {"zh": "恢复默认编码本", "en": "Back to the default codebook"},
    "themes_edited": {"zh": "当前使用已编辑的编码本（{fp}）。", "en": "Using an edited codebook ({fp})."},
}
TEXT.update(THEMES_TEXT)

EDITED = "themes_codebooks"
DISMISSED = "themes_dismissed"
NOTICE = "themes_notice"
WIDGET_PREFIXES = ("themes_name_", "themes_name_en_", "themes_words_", "themes_merge_to_")


def session_codebook(base: Codebook) -> Codebook:
    """The codebook this session edited from `base`, or `base` itself."""
    return st.session_state.get(EDITED, {}).get(base.fingerprint(), base)


def _use(base: Codebook, book: Codebook | None) -> None:
    """Make `book` this session's codebook for `base` (None: back to base); theme inputs start fresh."""
    edited = st.session_state.setdefault(EDITED, {})
    if book is None:
        edited.pop(base.fingerprint(), None)
    else:
        edited[base.fingerprint()] = book
    for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIXES)]:
        del st.session_state[key]


@st.cache_data(show_spinner=False, max_entries=8)
def cached_themes(answers: pd.Series, ids: pd.Series, n_themes: int | None, fingerprint: str, seed: int,
                  _book: Codebook) -> dict:
    """Themes among the answers (cached per answers, k, codebook and seed)."""
    return find_themes(answers, ids, n_themes=n_themes, segmenter=coder_for(_book).segmenter, random_state=seed)


def suggested_words(terms: list[str]) -> list[str]:
    """The theme's terms worth offering as signal words: words of two or more characters (one alone tags too much)."""
    return [term for term in terms if len(term) >= 2][:5]


def _sentence(error: CodebookError, lang: str) -> str:
    """The error in the user's language when it has both, else as the codebook reader wrote it."""
    return error.message(lang) if isinstance(error, EditError) else str(error)


def _promote(base: Codebook, book: Codebook, n: int, lang: str) -> None:
    """Button callback: the theme's name and words become a new reason."""
    state = st.session_state
    name = state.get(f"themes_name_{n}", "").strip()
    name_en = state.get(f"themes_name_en_{n}", "").strip()
    try:
        words = split_words(state.get(f"themes_words_{n}", ""))
        edited = add_reason(book, suggest_id(book, name_en), name, name_en or name, words)
    except CodebookError as error:
        state[NOTICE] = ("error", _sentence(error, lang))
        return
    _use(base, edited)
    state[NOTICE] = ("success", t("themes_promoted", lang, name=name))


def _merge(base: Codebook, book: Codebook, n: int, lang: str) -> None:
    """Button callback: the theme's words join an existing reason's signal words."""
    state = st.session_state
    reason = state.get(f"themes_merge_to_{n}")
    words = split_words(state.get(f"themes_words_{n}", ""))
    if not words or reason not in book.ids:
        state[NOTICE] = ("error", t("themes_need_words", lang))
        return
    _use(base, add_words(book, reason, words))
    state[NOTICE] = ("success", t("themes_merged", lang, words="、".join(words), name=book.names(lang)[reason]))


def _dismiss(content_key: str, terms: tuple[str, ...]) -> None:
    """Button callback: hide this theme for this data."""
    st.session_state.setdefault(DISMISSED, {}).setdefault(content_key, set()).add(terms)


def _theme_card(theme: dict, base: Codebook, book: Codebook, lang: str, content_key: str) -> None:
    """One theme: its terms, size and examples, and what the researcher can do with it."""
    n = theme["theme"]
    with st.container(border=True):
        st.markdown("**" + t("themes_heading", lang, n=n, size=theme["size"], terms=" · ".join(theme["terms"])) + "**")
        st.text("\n".join(f"• {example}" for example in theme["examples"]))  # plain: answers are not markdown
        left, middle, right = st.columns(3)
        left.text_input(t("themes_name", lang), key=f"themes_name_{n}")
        middle.text_input(t("themes_name_en", lang), key=f"themes_name_en_{n}")
        right.text_input(t("themes_words", lang), value=" ".join(suggested_words(theme["terms"])),
                         key=f"themes_words_{n}")
        promote, merge_to, merge, dismiss = st.columns([2, 2, 1, 1], vertical_alignment="bottom")
        promote.button(t("themes_promote", lang), key=f"themes_promote_{n}", on_click=_promote,
                       args=(base, book, n, lang), type="primary")
        reasons = [r for r in book.ids if r != OTHER]
        merge_to.selectbox(t("themes_merge_to", lang), reasons, format_func=book.names(lang).get,
                           key=f"themes_merge_to_{n}")
        merge.button(t("themes_merge", lang), key=f"themes_merge_{n}", on_click=_merge, args=(base, book, n, lang))
        dismiss.button(t("themes_dismiss", lang), key=f"themes_dismiss_{n}", on_click=_dismiss,
                       args=(content_key, tuple(theme["terms"])))


def themes_section(coded: pd.DataFrame, text_col: str, roles: dict[str, str], base: Codebook, book: Codebook,
                   lang: str, content_key: str) -> None:
    """The themes among uncoded answers, each promotable into the codebook; then the codebook editor."""
    st.subheader(t("themes_title", lang))
    st.caption(t("themes_help", lang))
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        (st.success if notice[0] == "success" else st.error)(notice[1])
    scope_col, k_col = st.columns(2)
    scope = scope_col.radio(t("themes_scope", lang), ["other", "all"], horizontal=True, key="themes_scope",
                            format_func=lambda s: t(f"themes_scope_{s}", lang))
    k = k_col.number_input(t("themes_k", lang), min_value=0, max_value=30, value=0, step=1, key="themes_k")
    rows = coded if scope == "all" else coded[coded["tags"] == OTHER]
    id_cols = [c for c, role in roles.items() if role == "id" and c in rows.columns]
    ids = rows[id_cols[0]] if id_cols else pd.Series(rows.index, index=rows.index)
    with st.spinner(t("themes_running", lang)):
        result = cached_themes(rows[text_col], ids, int(k) or None, book.fingerprint(), 0, book)
    how = t(f"themes_how_{'given' if k else 'silhouette'}", lang)
    st.caption(t("themes_summary", lang, answers=result["answers"], distinct=result["distinct_answers"],
                 k=len(result["themes"]), how=how, unthemed=result["unthemed"]))
    dismissed = st.session_state.get(DISMISSED, {}).get(content_key, set())
    shown = [theme for theme in result["themes"] if tuple(theme["terms"]) not in dismissed]
    if not shown:
        st.info(t("themes_none", lang))
    for theme in shown:
        _theme_card(theme, base, book, lang, content_key)
    codebook_editor(base, book, lang)


def codebook_editor(base: Codebook, book: Codebook, lang: str) -> None:
    """Edit the words of any reason; download the codebook as TOML files and upload it again."""
    with st.expander(t("themes_editor", lang), expanded=book != base):
        if book != base:
            st.caption(t("themes_edited", lang, fp=book.fingerprint()))
        st.caption(t("themes_editor_help", lang))
        names = book.names(lang)
        reason_id = st.selectbox(t("themes_edit_reason", lang), [r for r in book.ids if r != OTHER],
                                 format_func=names.get, key="themes_edit_reason")
        reason = book.reason(reason_id)
        word_col, kind_col = t("themes_col_word", lang), t("themes_col_kind", lang)
        kinds = {kind: t(f"themes_kind_{kind}", lang) for kind in WORD_KINDS}
        rows = [{word_col: w, kind_col: kinds[kind]} for kind in WORD_KINDS for w in getattr(reason, kind)]
        table = pd.DataFrame(rows, columns=[word_col, kind_col])
        edited = st.data_editor(
            table, num_rows="dynamic", hide_index=True, width="stretch",
            key=f"themes_editor_{reason_id}_{book.fingerprint()}",
            column_config={kind_col: st.column_config.SelectboxColumn(options=list(kinds.values()), required=True)})
        apply_col, reset_col = st.columns(2)
        if apply_col.button(t("themes_apply", lang), key="themes_apply"):
            by_label = {label: kind for kind, label in kinds.items()}
            changed = book
            for kind in WORD_KINDS:
                words = edited.loc[edited[kind_col].map(by_label) == kind, word_col].dropna().astype(str).tolist()
                changed = set_words(changed, reason_id, kind, words)
            _use(base, changed)
            st.rerun()
        if book != base and reset_col.button(t("themes_reset", lang), key="themes_reset"):
            _use(base, None)
            st.rerun()
        st.download_button(t("themes_download", lang), codebook_zip(book), file_name="churnlens_codebook.zip",
                           mime="application/zip", key="themes_download")
        uploaded = st.file_uploader(t("themes_upload", lang), type=["zip"], key="themes_upload")
        if uploaded is not None:
            try:
                loaded = codebook_from_zip(uploaded.getvalue())
            except CodebookError as error:
                st.error(_sentence(error, lang))
                return
            if st.button(t("themes_use_upload", lang), key="themes_use_upload"):
                _use(base, loaded)
                st.rerun()
