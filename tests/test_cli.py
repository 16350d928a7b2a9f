"""The command line as a researcher scripts it: real processes, real files."""

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from conftest import DATA, ROOT


def run(*args: str, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={"LANG": lang, "PATH": "/usr/bin:/bin"})


def test_tag_keeps_every_row_and_adds_tags_and_evidence(tmp_path):
    out = tmp_path / "coded.csv"
    result = run("tag", str(DATA / "survey_gbk.csv"), "--out", str(out), "--codebook", str(DATA / "codebook"))
    assert result.returncode == 0, result.stderr
    coded = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(coded.columns) == ["客户编号", "区域", "会员等级", "流失原因", "年消费金额", "tags", "evidence"]
    assert len(coded) == 12 and coded["客户编号"].iloc[0] == "000101"
    assert coded["tags"].iloc[2] == "distance" and coded["tags"].iloc[7] == "other"
    assert coded["evidence"].iloc[2] == "distance: 远 (signal)"
    assert coded["流失原因"].iloc[9].startswith("=HYPERLINK(")


def test_tag_writes_csv_to_stdout_without_out():
    result = run("tag", str(DATA / "survey_big5.csv"), "--text-col", "流失原因", "--codebook", str(DATA / "codebook"))
    assert result.returncode == 0, result.stderr
    coded = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert len(coded) == 12 and coded["tags"].iloc[0] == "price"


def test_pareto_json_by_segment():
    result = run("pareto", str(DATA / "survey_utf8.csv"), "--by", "区域", "--json", "--codebook", str(DATA / "codebook"))
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    east = {r["reason"]: r for r in records if r["区域"] == "东县"}
    assert east["distance"]["count"] == 2
    assert set(records[0]) == {"区域", "reason", "count", "respondents", "share", "cumulative_share", "vital_few"}


def test_pareto_weighted_by_value():
    result = run("pareto", str(DATA / "survey_utf8.csv"), "--weight", "年消费金额", "--json",
                 "--codebook", str(DATA / "codebook"))
    records = json.loads(result.stdout)
    assert records[0]["reason"] == "service" and records[0]["count"] == 5960


def test_inspect_reports_encoding_and_roles():
    report = json.loads(run("inspect", str(DATA / "survey_big5.csv")).stdout)
    assert report["encoding"] == "Big5" and report["rows"] == 12 and report["platform"] == "generic"
    assert {c["name"]: c["role"] for c in report["columns"]}["流失原因"] == "text"


@pytest.mark.parametrize("name", ["empty.csv", "binary.csv", "broken.xlsx", "header_only.csv", "nope.csv"])
def test_bad_file_exits_2_with_one_sentence_and_no_output(name, tmp_path):
    out = tmp_path / "coded.csv"
    result = run("tag", str(DATA / name), "--out", str(out))
    assert result.returncode == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_unknown_column_and_chinese_messages():
    result = run("tag", str(DATA / "survey_utf8.csv"), "--text-col", "不存在", lang="zh_CN.UTF-8")
    assert result.returncode == 2
    assert "没有“不存在”列" in result.stderr and "Traceback" not in result.stderr


def test_broken_codebook_names_file_and_line(tmp_path):
    book = tmp_path / "codebook"
    book.mkdir()
    (book / "price.toml").write_text('id = "price"\nsignals = ["贵",\n  "涨价" "x"]\n', encoding="utf-8")
    result = run("tag", str(DATA / "survey_utf8.csv"), "--codebook", str(book))
    assert result.returncode == 2
    assert "price.toml" in result.stderr and "line 3" in result.stderr
