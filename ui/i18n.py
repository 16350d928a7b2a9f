"""UI text in Simplified Chinese (first) and English."""

from __future__ import annotations

LANGS = {"zh": "中文", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"zh": "ChurnLens 流失原因分析", "en": "ChurnLens — why customers leave"},
    "tagline": {"zh": "上传流失调查或投诉工单，自动编码原因，找出关键少数。",
                "en": "Upload a churn survey or complaint tickets; reasons are coded and the vital few found."},
    "language": {"zh": "语言 / Language", "en": "Language / 语言"},
    "source": {"zh": "数据来源", "en": "Data source"},
    "upload": {"zh": "上传文件", "en": "Upload a file"},
    "upload_help": {"zh": "CSV、TSV、TXT、XLSX、XLS 或 JSON lines；编码自动识别（UTF-8、GBK、Big5…）",
                    "en": "CSV, TSV, TXT, XLSX, XLS or JSON lines; encoding detected (UTF-8, GBK, Big5…)"},
    "upload_prompt": {"zh": "请在左侧上传文件。", "en": "Upload a file in the sidebar."},
    "sheet": {"zh": "工作表", "en": "Sheet"},
    "text_col": {"zh": "开放题文本列", "en": "Open-text column"},
    "no_text_col": {"zh": "没有找到文本列，请确认文件里有开放题答案。",
                    "en": "No text column found; check the file holds open-ended answers."},
    "packs": {"zh": "行业词包", "en": "Industry packs"},
    "filters": {"zh": "筛选", "en": "Filters"},
    "all": {"zh": "全部", "en": "All"},
    "base": {"zh": "占比基数", "en": "Share base"},
    "base_respondents": {"zh": "按答卷人数（多选可超过100%）", "en": "Respondents (may sum past 100%)"},
    "base_mentions": {"zh": "按提及次数", "en": "Mentions"},
    "weight": {"zh": "按金额加权", "en": "Weight by value"},
    "no_weight": {"zh": "不加权（人数）", "en": "None (head count)"},
    "coding": {"zh": "正在编码答案…", "en": "Coding answers…"},
    "kpi_answers": {"zh": "答卷数", "en": "Answers"},
    "kpi_coded": {"zh": "已归因占比", "en": "Share with a reason"},
    "kpi_top": {"zh": "首要原因", "en": "Top reason"},
    "pareto": {"zh": "帕累托分析", "en": "Pareto analysis"},
    "table": {"zh": "数据表", "en": "Table"},
    "download_csv": {"zh": "下载表格 CSV", "en": "Download table as CSV"},
    "download_coded": {"zh": "下载全部编码结果 CSV", "en": "Download all coded rows as CSV"},
    "verbatims": {"zh": "原话回看", "en": "Verbatim answers"},
    "pick_reason": {"zh": "选择原因（或点击图中的柱）", "en": "Pick a reason (or click a bar)"},
    "verbatim_count": {"zh": "共 {n} 条，显示前 {shown} 条；高亮为触发编码的词。",
                       "en": "{n} answers, showing the first {shown}; highlighted words triggered the code."},
    "search": {"zh": "在原话中搜索", "en": "Search the answers"},
    "empty_filter": {"zh": "当前筛选下没有答卷，请放宽筛选条件。", "en": "No answers match these filters; widen them."},
    "col_reason": {"zh": "原因", "en": "Reason"},
    "col_count": {"zh": "人数", "en": "Respondents"},
    "col_value": {"zh": "金额", "en": "Value"},
    "col_respondents": {"zh": "答卷数", "en": "Respondents"},
    "col_share": {"zh": "占比", "en": "Share"},
    "col_cumulative": {"zh": "累计占比", "en": "Cumulative share"},
    "col_vital": {"zh": "关键少数", "en": "Vital few"},
    "col_answer": {"zh": "原话", "en": "Answer"},
    "col_tags": {"zh": "原因", "en": "Reasons"},
    "unexpected": {"zh": "出现了意外错误，本页未能完成；请刷新重试，若仍失败请把服务器日志发给管理员。",
                   "en": "Something unexpected went wrong and the page could not finish; reload, and if it persists send the server log to your administrator."},
    "corrections": {"zh": "校正编码（研究员）", "en": "Correct the codes (researcher)"},
    "corrections_help": {"zh": "勾选或取消原因后点“保存校正”；校正会替代自动编码，并计入下方的一致性统计。",
                         "en": "Tick or untick reasons, then Save; corrections replace the automatic codes and feed the agreement below."},
    "corrections_save": {"zh": "保存校正", "en": "Save corrections"},
    "corrections_kappa": {"zh": "已校正 {n} 条：自动编码与研究员的一致性（Cohen's kappa，按原因）",
                          "en": "{n} answers corrected: agreement between automatic and researcher codes (Cohen's kappa per reason)"},
    "corrections_download": {"zh": "下载校正样本（可用于重新训练）", "en": "Download corrections as labeled examples (for retraining)"},
    "vital_summary": {"zh": "关键少数：{names}，合计占已归因提及的 {share}。",
                      "en": "Vital few: {names}, together {share} of the named reasons."},
}

DEMOS = {
    "auto": {"zh": "示例：汽车售后流失回访", "en": "Demo: auto after-sales churn call-backs"},
    "telecom": {"zh": "示例：电信投诉工单", "en": "Demo: telecom complaint tickets"},
    "upload": {"zh": "上传我的文件", "en": "Upload my own file"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The UI text for key in lang, with {placeholders} filled."""
    text = TEXT[key][lang]
    return text.format(**values) if values else text
