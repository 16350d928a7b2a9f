"""Big-file tagging: chunked streaming gives the one-shot result, CSV and Parquet in and out."""

import subprocess
import sys

import pandas as pd

from analysis.pipeline import tag_answers
from conftest import DATA, ROOT
from surveys import load_survey

SAMPLE = DATA / "reviews_mixed.csv"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={"LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"})


def read(path) -> pd.DataFrame:
    if str(path).endswith(".parquet"):
        return pd.read_parquet(path).fillna("")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_chunked_output_in_workers_equals_one_shot_coding(tmp_path, default_codebook):
    chunked, whole = tmp_path / "chunked.csv", tmp_path / "whole.csv"
    for out, rows, workers in ((chunked, "7", "2"), (whole, "100000", "1")):
        result = run("tag", str(SAMPLE), "--text-col", "review", "--out", str(out),
                     "--chunk-rows", rows, "--workers", workers)
        assert result.returncode == 0, result.stderr
    assert chunked.read_bytes() == whole.read_bytes()
    survey = load_survey(SAMPLE)
    expected = tag_answers(survey.frame, "review", default_codebook)
    got = read(chunked)
    assert list(got.columns) == ["编号", "渠道", "label", "review", "tags", "evidence"]
    assert got["编号"].iloc[0] == "00001" and len(got) == len(survey.frame) == 199
    assert got["review"].iloc[-1] == "房间还算干净，\n但是价格太贵了，下次不来了"
    assert got["tags"].tolist() == expected["tags"].tolist()
    assert got["evidence"].tolist() == expected["evidence"].fillna("").tolist()
    assert "price" in got["tags"].iloc[-1]


def test_parquet_in_and_out_match_csv(tmp_path):
    csv_out, parquet_in, parquet_out = tmp_path / "coded.csv", tmp_path / "in.parquet", tmp_path / "coded.parquet"
    assert run("tag", str(SAMPLE), "--text-col", "review", "--out", str(csv_out)).returncode == 0
    read(SAMPLE).to_parquet(parquet_in, row_group_size=50)
    result = run("tag", str(parquet_in), "--text-col", "review", "--out", str(parquet_out), "--chunk-rows", "40")
    assert result.returncode == 0, result.stderr
    assert read(parquet_out).equals(read(csv_out))


def test_unwritable_output_is_one_sentence_and_no_file(tmp_path):
    target = tmp_path / "missing" / "coded.csv"
    result = run("tag", str(SAMPLE), "--out", str(target))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Cannot write" in result.stderr
    assert not target.parent.exists()


def test_bad_parquet_is_one_sentence_and_no_partial_output(tmp_path):
    bad, out = tmp_path / "broken.parquet", tmp_path / "coded.csv"
    bad.write_bytes(b"PAR1 this is not parquet")
    result = run("tag", str(bad), "--out", str(out))
    assert result.returncode == 2 and "Parquet" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [bad]
