"""The report as one HTML file that opens offline: inline SVG charts, no scripts, everything escaped."""

from __future__ import annotations

import numbers
from datetime import datetime
from html import escape

import pandas as pd

from reports.content import Section
from reports.images import chart_svg

STYLE = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;
color:#222;padding:0 1rem}
h1{margin-bottom:.2rem}.meta{color:#666}nav a{margin-right:1rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
"""


def _cell(value: object, percent: bool) -> str:
    """One table cell, escaped; numbers right-aligned, shares as percentages."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "<td></td>"
    if percent:
        return f'<td class="num">{value:.1%}</td>'
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return f"<td>{escape(str(value))}</td>"
    shown = f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"
    return f'<td class="num">{shown}</td>'


def table_html(section: Section) -> str:
    """A section's table as an escaped HTML table."""
    table = section.table
    head = "".join(f"<th>{escape(str(c))}</th>" for c in table.columns)
    percent = [c in section.percent_columns for c in table.columns]
    body = "".join(
        "<tr>" + "".join(_cell(v, p) for v, p in zip(row, percent)) + "</tr>"
        for row in table.itertuples(index=False, name=None)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def report_html(title: str, sections: list[Section], created_at: datetime, lang: str = "zh") -> str:
    """The whole report as one self-contained HTML document."""
    nav = "".join(f'<a href="#s{i}">{escape(s.title)}</a>' for i, s in enumerate(sections))
    parts = []
    for i, section in enumerate(sections):
        figure = f"<figure>{chart_svg(section.chart)}</figure>" if section.chart is not None else ""
        parts.append(f'<section id="s{i}"><h2>{escape(section.title)}</h2>{figure}{table_html(section)}</section>')
    stamp = created_at.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>"
        f'<p class="meta">ChurnLens · {escape(stamp)}</p><nav>{nav}</nav>{"".join(parts)}</body></html>'
    )
