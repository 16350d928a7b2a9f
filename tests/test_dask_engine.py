"""`tag --engine dask` on a local cluster writes what the default engine writes."""

import subprocess
import sys

import pytest

from conftest import DATA, ROOT

pytest.importorskip("dask.distributed")
SAMPLE = DATA / "reviews_mixed.csv"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={"LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_dask_local_cluster_writes_the_default_engines_output(tmp_path, suffix):
    default, dask = tmp_path / f"default{suffix}", tmp_path / f"dask{suffix}"
    assert run("tag", str(SAMPLE), "--text-col", "review", "--out", str(default)).returncode == 0
    result = run("tag", str(SAMPLE), "--text-col", "review", "--out", str(dask), "--engine", "dask")
    assert result.returncode == 0, result.stderr
    assert dask.read_bytes() == default.read_bytes() if suffix == ".csv" else _same_parquet(dask, default)


def _same_parquet(a, b) -> bool:
    import pandas as pd

    return pd.read_parquet(a).equals(pd.read_parquet(b))


def test_dask_partitions_of_a_parquet_input(tmp_path):
    import pandas as pd

    source, default, dask = tmp_path / "in.parquet", tmp_path / "default.csv", tmp_path / "dask.csv"
    pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).to_parquet(source, row_group_size=60)
    assert run("tag", str(source), "--text-col", "review", "--out", str(default)).returncode == 0
    result = run("tag", str(source), "--text-col", "review", "--out", str(dask), "--engine", "dask")
    assert result.returncode == 0, result.stderr
    assert dask.read_bytes() == default.read_bytes()
