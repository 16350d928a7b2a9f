"""Ticked reasons coded with the codebook and combined with written ones, in the library and the CLI."""

import subprocess
import sys

import pandas as pd
import pytest

from analysis.choices import option_codes, tag_with_choices
from surveys import load_survey

from conftest import DATA, ROOT

# respondent → (ticked, written, combined) with tests/data/codebook (price, distance, service)
EXPECTED = [
    ("price", "other", "price"),  # 价格太贵 ticked; "送宽带，还便宜一半" names none of the three
    ("service", "service", "service"),
    ("price", "", "price"),  # ticked only, wrote nothing
    ("distance", "distance", "distance"),
    ("other", "other", "other"),
    ("", "other", "other"),  # ticked nothing
    ("price|service", "price", "price|service"),  # 涨价 written, 客服态度差 ticked
    ("other", "", "other"),
]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={"LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin", **(env or {})})


def test_options_are_coded_like_answers(test_codebook):
    codes = option_codes(["价格太贵", "营业厅离家太远", "其他"], test_codebook)
    assert codes["价格太贵"][0] == "price" and codes["营业厅离家太远"][0] == "distance"
    assert codes["其他"] == ("other", "")


@pytest.mark.parametrize("name", ["wjx_text.csv", "wjx_code.xlsx", "tencent.csv", "qualtrics.csv"])
def test_ticked_and_written_reasons_combine(name, test_codebook):
    survey = load_survey(DATA / name)
    coded = tag_with_choices(survey.frame, survey.reason_text_columns, survey.reason_choice_columns,
                             test_codebook, learned=False)
    assert list(zip(coded["tags_ticked"], coded["tags_written"], coded["tags"])) == EXPECTED
    assert coded["evidence"].iloc[6] == "price: 价格太贵 (choice), 涨价 (signal); service: 客服态度差 (choice)"
    assert len(coded) == 8 and list(coded.columns[: len(survey.frame.columns)]) == list(survey.frame.columns)


def test_wjx_fill_in_counts_as_written(test_codebook):
    frame = pd.DataFrame({"原因": ["其他〖离家太远┋没车〗", "价格太贵"], "说明": [None, None]})
    coded = tag_with_choices(frame, ["说明"], ["原因"], test_codebook, learned=False)
    assert coded["tags_ticked"].tolist() == ["other", "price"]
    assert coded["tags_written"].tolist() == ["distance", ""]
    assert coded["tags"].tolist() == ["distance", "price"]


def test_tag_without_text_col_codes_reason_text_and_choice_questions(tmp_path):
    out = tmp_path / "coded.csv"
    result = run("tag", str(DATA / "google_forms.csv"), "--out", str(out), "--codebook", str(DATA / "codebook"),
                 "--rules-only")
    assert result.returncode == 0, result.stderr
    coded = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(coded.columns[-4:]) == ["tags_ticked", "tags_written", "tags", "evidence"]
    assert coded["tags"].tolist()[:4] == ["price", "service", "price", "distance"]


def test_named_text_column_alone_leaves_the_choices_out():
    result = run("tag", str(DATA / "tencent.csv"), "--text-col", "4.请具体说说您离开的原因",
                 "--codebook", str(DATA / "codebook"), "--rules-only")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith(",tags,evidence") and "tags_ticked" not in result.stdout


@pytest.mark.parametrize("args", [
    ("tag", str(DATA / "tencent.csv"), "--choice-col", "不存在的题"),
    ("inspect", str(DATA / "empty.csv")),
    ("inspect", str(DATA / "header_only.csv")),
    ("inspect", str(DATA / "binary.csv")),
    ("inspect", str(DATA / "broken.xlsx")),
])
def test_bad_input_exits_2_with_one_sentence(args, tmp_path):
    result = run(*args, "--out", str(tmp_path / "out.csv")) if args[0] == "tag" else run(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_file_over_the_configured_size_limit(tmp_path):
    big = tmp_path / "big.csv"
    big.write_text("编号,原因\n" + "1,太贵了\n" * 150_000, encoding="utf-8")
    out = tmp_path / "coded.csv"
    result = run("tag", str(big), "--out", str(out), env={"CHURNLENS_MAX_UPLOAD_MB": "1"})
    assert result.returncode == 2 and "The file is 1.7 MB, over the 1.0 MB limit" in result.stderr
    assert not out.exists()
