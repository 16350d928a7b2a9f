"""Coding on a Dask cluster: the same tag_answers mapped over partitions, written by the same writer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from analysis.batch import code_chunk
from analysis.codebook import Codebook
from analysis.pipeline import TAG_COLUMNS
from analysis.stream import ChunkWriter, Table, clean_cells, sample_bytes
from surveys import SurveyError


def _code_partition(part: pd.DataFrame, columns: list[str], text_cols: list[str], codebook: Codebook,
                    learned: bool, choice_cols: tuple[str, ...] = ()) -> pd.DataFrame:
    """One partition cleaned like the streaming reader cleans a chunk, then coded."""
    part = part.set_axis(columns, axis=1)
    return code_chunk(clean_cells(part), text_cols, codebook, learned, choice_cols)


def _one_record_per_line(source: Path, table: Table) -> bool:
    """Whether the first megabyte has no line breaks inside quoted cells (byte blocks may then split at any newline)."""
    text = sample_bytes(source).decode(table.codec or "utf-8", errors="replace")
    lines = text.count("\n") + (not text.endswith("\n"))
    return sum(1 for _ in csv.reader(io.StringIO(text), delimiter=table.sep)) == lines


def _frame(source: Path, table: Table, partition_mb: int):
    """The input as a Dask DataFrame of text cells, read by the cluster's workers."""
    import dask.dataframe as dd

    if source.suffix.lower() == ".parquet":
        return dd.read_parquet(source, split_row_groups=True)
    if table.sep is None:
        raise SurveyError("The Dask engine reads CSV, TSV or Parquet files with a header row.",
                          "Dask 引擎只读取带表头的 CSV、TSV 或 Parquet 文件。")
    header = table.sample.header_row
    split = header == 0 and _one_record_per_line(source, table)
    return dd.read_csv(source, sep=table.sep, encoding=table.codec, dtype=str, keep_default_na=False,
                       header=header, usecols=table.positions, blocksize=f"{partition_mb}MB" if split else None)


def tag_with_dask(source: str | Path, table: Table, text_cols: list[str], codebook: Codebook, learned: bool,
                  writer: ChunkWriter, scheduler: str | None = None, partition_mb: int = 16,
                  choice_cols: tuple[str, ...] = ()) -> None:
    """Code every partition on the cluster at `scheduler` (a local one when None) and write them in order."""
    from dask.distributed import Client, LocalCluster

    frame = _frame(Path(source), table, partition_mb)
    columns = list(table.columns)
    sources = ("tags_ticked", "tags_written") if choice_cols else ()
    meta = pd.DataFrame({c: pd.Series(dtype="object") for c in [*columns, *sources, *TAG_COLUMNS]})
    coded = frame.map_partitions(_code_partition, columns, text_cols, codebook, learned, choice_cols, meta=meta)
    cluster = None if scheduler else LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    with Client(scheduler or cluster) as client:
        parts = coded.to_delayed()
        window = 2 * max(1, len(client.scheduler_info()["workers"]))
        futures = client.compute(parts[:window])
        for i in range(len(parts)):
            if i + window < len(parts):
                futures.append(client.compute(parts[i + window]))
            writer.write(futures[i].result())
            futures[i].release()
    if cluster is not None:
        cluster.close()
