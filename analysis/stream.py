"""Big files in bounded memory: read a table in chunks of rows, write coded chunks as they come.

CSV/TSV and Parquet are streamed; other formats (XLSX, TXT, JSON lines) are read whole by
surveys.load_survey and then cut into chunks. The first megabyte of a CSV is read with
load_survey to detect what it detects for any upload (encoding, delimiter, header row,
column names), so a streamed file gets the same columns as a small one.
"""

from __future__ import annotations

import codecs
import csv
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from surveys import Survey, SurveyError, load_survey
from surveys.encoding import DISPLAY_NAMES
from surveys.load import max_upload_bytes, separator_counts, too_big
from surveys.platforms import unique_names

SAMPLE_BYTES = 1 << 20
STREAMED = (".csv", ".tsv")
_CODECS = {display: codec for codec, display in DISPLAY_NAMES.items()}


@dataclass
class Table:
    """A file opened for reading in chunks: its columns, a sample Survey for guessing, and the chunks.

    For a delimited file also how to parse it: delimiter, Python codec and the raw positions
    of the kept columns (so another reader, such as Dask's, reads the same cells).
    """

    sample: Survey
    columns: list[str]
    chunks: Iterator[pd.DataFrame]
    sep: str | None = None
    codec: str | None = None
    positions: list[int] | None = None


def sample_bytes(path: Path) -> bytes:
    """The first megabyte of a file, cut after its last whole line."""
    with open(path, "rb") as handle:
        data = handle.read(SAMPLE_BYTES)
    if len(data) < SAMPLE_BYTES:
        return data
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data[: len(data) - len(data) % 2]
    return data[: data.rfind(b"\n") + 1] or data


def _sep(text: str) -> str | None:
    """The delimiter load_survey would pick (the most frequent of , tab ; | in the first lines), None for one column."""
    _, counts = separator_counts(text)
    sep = max(counts, key=counts.get)
    return sep if counts[sep] else None


def _rows(path: Path, sep: str, codec: str) -> Iterator[list[str]]:
    """Non-blank rows of a delimited file, cells stripped."""
    with open(path, encoding=codec, errors="replace", newline="") as handle:
        for row in csv.reader(handle, delimiter=sep):
            cells = [c.strip() for c in row]
            if any(cells):
                yield cells


def _csv_chunks(rows: Iterator[list[str]], width: int, positions: list[int], columns: list[str],
                chunk_rows: int) -> Iterator[pd.DataFrame]:
    """Body rows as string DataFrames of at most chunk_rows, with the kept columns."""
    batch: list[list[str]] = []
    for row in rows:
        row = row + [""] * (width - len(row)) if len(row) < width else row
        batch.append([row[i] for i in positions])
        if len(batch) == chunk_rows:
            yield _frame(batch, columns)
            batch = []
    if batch:
        yield _frame(batch, columns)


def _frame(rows: list[list[str]], columns: list[str]) -> pd.DataFrame:
    """Cells as an object DataFrame, empty cells missing."""
    frame = pd.DataFrame(rows, columns=columns, dtype="object")
    return frame.where(frame != "", None)


def clean_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells stripped, empty ones missing, empty rows dropped (what load_survey does to an upload)."""
    frame = frame.astype("object")
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    frame = frame.where(frame.notna() & (frame != ""), None)
    return frame[frame.notna().any(axis=1)]


def _parquet_chunks(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """Row batches of a Parquet file as cleaned DataFrames."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_rows):
        yield clean_cells(batch.to_pandas())


def _split(frame: pd.DataFrame, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """A frame read whole, in slices of chunk_rows."""
    for start in range(0, len(frame), chunk_rows):
        yield frame.iloc[start:start + chunk_rows]


def open_table(source: str | Path, chunk_rows: int) -> Table:
    """A file ready to be read chunk by chunk (SurveyError with one sentence when it cannot be read)."""
    path = Path(source)
    if not path.is_file():
        raise SurveyError(f"No file at {path}.", f"找不到文件：{path}。")
    if path.stat().st_size > max_upload_bytes():  # the same limit as a whole read, though chunks would fit
        raise too_big(path.stat().st_size, max_upload_bytes())
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            head = next(pq.ParquetFile(path).iter_batches(batch_size=1000)).to_pandas()
        except (pa.ArrowException, OSError, StopIteration):
            raise SurveyError(f"{path.name} is not a readable Parquet file.", f"{path.name} 不是可读取的 Parquet 文件。") from None
        sample = load_survey(head.to_csv(index=False).encode("utf-8"), name=path.stem + ".csv")
        sample.frame = head
        return Table(sample, list(head.columns), _parquet_chunks(path, chunk_rows))
    if suffix in STREAMED:
        data = sample_bytes(path)
        sample = load_survey(data, name=path.name)
        codec = _CODECS.get(sample.encoding or "", "utf-8")
        sep = _sep(data.decode(codec, errors="replace"))
        # Platform exports are reshaped on reading (option columns merged, header rows dropped); they are
        # survey-sized, so they are read whole. Plain tables — ticket archives, big exports — stream.
        if sep is not None and sample.platform == "generic":
            # cells stay text as written (no number guessing per chunk), so every chunk has one type per column
            rows = _rows(path, sep, codec)
            for _ in range(sample.header_row + 1):
                header = next(rows)
            names = unique_names(header)
            columns = list(sample.frame.columns)
            if set(columns) <= set(names):
                positions = [names.index(c) for c in columns]
                return Table(sample, columns, _csv_chunks(rows, len(names), positions, columns, chunk_rows),
                             sep, codec, positions)
    survey = load_survey(path)
    return Table(survey, list(survey.frame.columns), _split(survey.frame, chunk_rows))


class ChunkWriter:
    """Coded chunks to CSV (UTF-8 with BOM) or Parquet by the target's extension, renamed into place only when complete."""

    def __init__(self, target: str | None) -> None:
        self.target = Path(target) if target else None
        self.parquet = self.target is not None and self.target.suffix.lower() == ".parquet"
        self._handle = None
        self._writer: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None
        self._first = True
        if self.target is not None:
            try:
                fd, self._temp = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp")
            except OSError:
                raise SurveyError(f"Cannot write to {self.target}; check that the folder exists and is writable.",
                                  f"无法写入 {self.target}；请确认文件夹存在且可写。") from None
            os.close(fd)

    def write(self, chunk: pd.DataFrame) -> None:
        """Append one coded chunk."""
        if self.parquet:
            # every column as text, so chunks that guess types differently still share one schema
            if self._writer is None:
                self._schema = pa.schema([(str(c), pa.string()) for c in chunk.columns])
                self._writer = pq.ParquetWriter(self._temp, self._schema)
            table = pa.Table.from_pandas(chunk.astype("string"), preserve_index=False).cast(self._schema)
            self._writer.write_table(table)
            return
        if self.target is None:
            chunk.to_csv(sys.stdout, index=False, header=self._first)
        else:
            if self._handle is None:
                self._handle = open(self._temp, "w", encoding="utf-8-sig", newline="")
            chunk.to_csv(self._handle, index=False, header=self._first)
        self._first = False

    def close(self) -> None:
        """Finish the file and move it into place."""
        if self._writer is not None:
            self._writer.close()
        if self._handle is not None:
            self._handle.close()
        if self.target is not None:
            if self.parquet and self._writer is None:
                raise SurveyError("The file has no rows to write.", "文件里没有可写出的数据。")
            os.replace(self._temp, self.target)

    def abort(self) -> None:
        """Drop the partial file (no partial output on failure)."""
        for closer in (self._writer, self._handle):
            if closer is not None:
                closer.close()
        if self.target is not None and os.path.exists(self._temp):
            os.remove(self._temp)
