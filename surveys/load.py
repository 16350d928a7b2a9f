"""Read an uploaded survey or ticket file into a DataFrame, whatever its format and encoding."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from surveys.encoding import EncodingError, decode_bytes
from surveys.errors import SurveyError
from surveys.platforms import SKIP_MARKERS, Column, Layout, assemble, options_of, read_layout
from surveys.roles import (guess_text_columns, reason_choice_columns, reason_text_columns, segment_columns,
                           settle_roles)

DEFAULT_MAX_MB = 200
_HEADER_SCAN_ROWS = 10
# Ten digits at most: longer numbers are IDs (phone, ticket, ID-card numbers) and stay text.
_NUMBER = re.compile(r"^-?(0|[1-9]\d{0,9})(\.\d+)?$")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"MZ")
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class Survey:
    """A read file: the answers as a DataFrame plus what was detected about it."""

    frame: pd.DataFrame
    roles: dict[str, str]
    source: str
    encoding: str | None = None
    platform: str = "generic"
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    header_row: int = 0
    notes: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def text_columns(self) -> list[str]:
        """Open-text columns, best guess first."""
        return guess_text_columns(self.frame, self.roles)

    @property
    def reason_text_columns(self) -> list[str]:
        """Open-text columns about why people leave (the best text column when none says so)."""
        return reason_text_columns(self.frame, self.roles, self.labels)

    @property
    def reason_choice_columns(self) -> list[str]:
        """Choice questions asking why people leave."""
        return reason_choice_columns(self.roles, self.labels)

    def with_roles(self, changes: dict[str, str]) -> Survey:
        """A copy with some roles corrected by the user (options found for new multiple-choice columns)."""
        roles = {**self.roles, **changes}
        options = {c: o for c, o in self.options.items() if roles.get(c) == "multi_choice"}
        for column, role in changes.items():
            if role == "multi_choice" and column not in options:
                options[column] = options_of(self.frame[column])
        return Survey(frame=self.frame, roles=roles, source=self.source, encoding=self.encoding,
                      platform=self.platform, sheet=self.sheet, sheets=self.sheets, header_row=self.header_row,
                      notes=list(self.notes), labels=dict(self.labels), options=options)

    @property
    def segment_columns(self) -> list[str]:
        """Columns with few distinct values, worth filtering by."""
        return segment_columns(self.roles)


def max_upload_bytes() -> int:
    """The size limit for one file, from CHURNLENS_MAX_UPLOAD_MB (default 200 MB)."""
    try:
        return int(float(os.environ.get("CHURNLENS_MAX_UPLOAD_MB", DEFAULT_MAX_MB)) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_MB * 1024 * 1024


def too_big(size: int, limit: int) -> SurveyError:
    """The error for a file over the size limit."""
    mb, limit_mb = (f"{n / 1024 / 1024:.0f}" if n >= 10 * 1024 * 1024 else f"{n / 1024 / 1024:.1f}"
                    for n in (size, limit))
    return SurveyError(
        f"The file is {mb} MB, over the {limit_mb} MB limit; split it or raise CHURNLENS_MAX_UPLOAD_MB.",
        f"文件有 {mb} MB，超过了 {limit_mb} MB 的上限；请拆分文件，或调高 CHURNLENS_MAX_UPLOAD_MB。",
    )


def _header_row(rows: pd.DataFrame) -> int:
    """Index of the header row: the first well-filled row, skipping title lines above it."""
    filled = rows.head(_HEADER_SCAN_ROWS).apply(lambda r: (r.astype(str).str.strip() != "").sum(), axis=1)
    if filled.empty:
        return 0
    width = filled.max()
    for index, count in filled.items():
        if count >= max(2, 0.6 * width) or width < 2:
            return int(index)
    return 0


def _typed(column: pd.Series) -> pd.Series:
    """A column of text cells as numbers when every value is a plain number (IDs with leading zeros stay text)."""
    present = column.dropna()
    if present.empty or not present.map(lambda v: bool(_NUMBER.match(str(v)))).all():
        return column
    numbers = pd.to_numeric(column, errors="coerce")
    return numbers.astype("Int64") if (numbers.dropna() % 1 == 0).all() else numbers


def _cell_text(value: object) -> str:
    """One raw cell as stripped text ("" when empty); whole-number floats from Excel lose their `.0`."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _generic_layout(raw: pd.DataFrame) -> tuple[Layout, int]:
    """A file no survey platform wrote: the header row found below any title lines."""
    header = _header_row(raw)
    names = [str(v) for v in raw.iloc[header]]
    body = raw.iloc[header + 1 :].reset_index(drop=True)
    plan = [Column(name, name, None, body[i], question=False) for i, name in zip(body.columns, names)]
    return assemble("generic", plan, header + 1), header


def _read_table(raw: pd.DataFrame) -> tuple[pd.DataFrame, int, Layout]:
    """A table of raw cells as typed answers, the header row index and the platform layout."""
    raw = raw.astype("object").map(_cell_text)
    raw = raw[(raw != "").any(axis=1)].reset_index(drop=True)
    raw.columns = range(raw.shape[1])
    if raw.empty:
        raise SurveyError("The file has no rows; check that you picked the right file or sheet.",
                          "文件里没有数据；请确认选对了文件或工作表。")
    layout = read_layout(raw)
    header = 0
    if layout is None:
        layout, header = _generic_layout(raw)
    body = layout.body.map(lambda v: "" if v in SKIP_MARKERS else v)
    body = body[(body != "").any(axis=1)].reset_index(drop=True)
    if body.empty:
        raise SurveyError("The file has a header but no answers below it.", "文件只有表头，下面没有答卷数据。")
    body = body.replace("", None)
    frame = pd.DataFrame({c: body[c] if layout.roles.get(c) == "multi_choice" else _typed(body[c])
                          for c in body.columns})
    return frame, header, layout


def _survey(raw: pd.DataFrame, source: str, **detected) -> Survey:
    """A Survey from raw cells plus what the reader already knows (encoding, sheet)."""
    frame, header, layout = _read_table(raw)
    roles, options = settle_roles(frame, layout)
    return Survey(frame=frame, roles=roles, source=source, platform=layout.platform, header_row=header,
                  labels=layout.labels, options=options, **detected)


def separator_counts(text: str) -> tuple[int, dict[str, int]]:
    """How many of the first 50 lines hold anything, and how often each of , tab ; | occurs in them."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    return len(lines), {sep: sum(line.count(sep) for line in lines) for sep in (",", "\t", ";", "|")}


def _read_delimited(text: str, name: str) -> pd.DataFrame:
    """Rows of a CSV, TSV or one-answer-per-line TXT file as raw cells."""
    lines, counts = separator_counts(text)
    if not lines:
        raise SurveyError("The file is empty.", "文件是空的。")
    sep = max(counts, key=counts.get)
    if counts[sep] == 0 or (name.lower().endswith(".txt") and counts["\t"] == 0 and counts[","] < lines):
        answers = [line.strip() for line in text.splitlines() if line.strip()]
        return pd.DataFrame({0: ["回答", *answers]})
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    width = max(len(r) for r in rows)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows])


def _read_json_lines(text: str) -> pd.DataFrame:
    """Rows of a JSON-lines file (or a JSON array of objects) as a DataFrame with a header row."""
    try:
        stripped = text.strip()
        records = json.loads(stripped) if stripped.startswith("[") else [json.loads(l) for l in stripped.splitlines() if l.strip()]
        frame = pd.DataFrame.from_records(records)
    except (ValueError, TypeError):
        raise SurveyError("The JSON file is not valid JSON lines (one object per line).",
                          "JSON 文件格式不对：应为每行一个 JSON 对象。") from None
    return pd.concat([pd.DataFrame([frame.columns], columns=frame.columns), frame], ignore_index=True)


def _with_formulas(values: list[list], formulas: list[list]) -> list[list]:
    """Cells with a cached value keep it; formula cells never calculated keep their formula text."""
    merged = []
    for value_row, formula_row in zip(values, formulas):
        formula_row = list(formula_row) + [None] * (len(value_row) - len(formula_row))
        merged.append([v if v is not None else f for v, f in zip(value_row, formula_row)])
    return merged


def _xlsx_sheets(data: bytes) -> dict[str, pd.DataFrame]:
    """Every sheet of an XLSX workbook as raw cells."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formula_book = None
        sheets = {}
        for sheet in book.worksheets:
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            if any(v is None for r in rows for v in r):
                formula_book = formula_book or openpyxl.load_workbook(io.BytesIO(data), read_only=True)
                formulas = [list(r) for r in formula_book[sheet.title].iter_rows(values_only=True)]
                rows = _with_formulas(rows, formulas)
            sheets[sheet.title] = pd.DataFrame(rows)
        return sheets
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SurveyError(
            f"The Excel file is damaged or not really .xlsx ({type(error).__name__}); open and re-save it in Excel.",
            "Excel 文件已损坏或并非真正的 .xlsx；请用 Excel 打开后重新保存。",
        ) from None


def _xls_sheets(data: bytes) -> dict[str, pd.DataFrame]:
    """Every sheet of a legacy XLS workbook as raw cells."""
    try:
        return pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object, engine="xlrd")
    except Exception as error:  # xlrd raises many unrelated types for a damaged file
        raise SurveyError(f"The .xls file cannot be read ({type(error).__name__}); open and re-save it as .xlsx.",
                          "无法读取这个 .xls 文件；请用 Excel 打开后另存为 .xlsx。") from None


def _from_sheets(sheets: dict[str, pd.DataFrame], sheet: str | None, source: str) -> Survey:
    """The chosen sheet (by default the one with the most filled cells) of a workbook as a Survey."""
    names = tuple(sheets)
    if sheet is not None and sheet not in sheets:
        raise SurveyError(f"The workbook has no sheet {sheet!r}; it has {', '.join(names)}.",
                          f"工作簿里没有名为“{sheet}”的工作表；现有：{'、'.join(names)}。")
    chosen = sheet or max(names, key=lambda n: int(sheets[n].notna().sum().sum()))
    return _survey(sheets[chosen], source, sheet=chosen, sheets=names)


def load_survey(source: str | Path | bytes, name: str | None = None, sheet: str | None = None,
                max_bytes: int | None = None) -> Survey:
    """Read a CSV, TSV, TXT, XLSX, XLS or JSON-lines file (path or bytes) into a Survey."""
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            raise SurveyError(f"No file at {path}.", f"找不到文件：{path}。")
        if path.stat().st_size > limit:
            raise too_big(path.stat().st_size, limit)
        data = path.read_bytes()
    else:
        data, name = bytes(source), name or "upload"
    if len(data) > limit:
        raise too_big(len(data), limit)
    if not data.strip():
        raise SurveyError("The file is empty.", "文件是空的。")
    if data.startswith(_XLSX_MAGIC):
        return _from_sheets(_xlsx_sheets(data), sheet, name)
    if data.startswith(_XLS_MAGIC):
        return _from_sheets(_xls_sheets(data), sheet, name)
    if data.startswith(_BINARY_MAGIC) or name.lower().endswith((".xlsx", ".xls")):
        raise SurveyError(f"{name} is not a table ChurnLens can read; upload CSV, TSV, TXT, XLSX, XLS or JSON lines.",
                          f"{name} 不是可读取的表格文件；请上传 CSV、TSV、TXT、XLSX、XLS 或 JSON lines。")
    try:
        text, encoding = decode_bytes(data)
    except EncodingError as error:
        if str(error) == "binary":
            raise SurveyError(f"{name} looks like a binary file, not a table; upload CSV, TSV, TXT, XLSX, XLS or JSON lines.",
                              f"{name} 看起来是二进制文件而不是表格；请上传 CSV、TSV、TXT、XLSX、XLS 或 JSON lines。") from None
        raise SurveyError(f"{name} is in no text encoding ChurnLens reads (UTF-8, GB18030/GBK, Big5, UTF-16); save it as UTF-8.",
                          f"无法识别 {name} 的文字编码（支持 UTF-8、GB18030/GBK、Big5、UTF-16）；请另存为 UTF-8。") from None
    if name.lower().endswith((".jsonl", ".json", ".ndjson")):
        raw = _read_json_lines(text)
    else:
        raw = _read_delimited(text, name)
    return _survey(raw, name, encoding=encoding)
