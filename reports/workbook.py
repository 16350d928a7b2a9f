"""The report as an Excel workbook in which no answer can ever become a formula."""

from __future__ import annotations

import io
import numbers
import re
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from reports.content import Section

# Excel (and LibreOffice) read these first characters as the start of a formula or DDE call.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
CODED_SHEET = {"zh": "编码结果", "en": "Coded rows"}


def _sheet_name(title: str, taken: set[str]) -> str:
    """A legal, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = SHEET_NAME_BAD.sub(" ", title).strip("' ")[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:26]} {n}", n + 1
    taken.add(name.lower())
    return name


def _write_value(cell, value: object, percent: bool = False) -> None:
    """Put one value in a cell: numbers as numbers, every string as literal text."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return
    if isinstance(value, date) and not (isinstance(value, pd.Timestamp) and value.tzinfo):
        cell.value = value
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell.value = text
        cell.data_type = "s"  # openpyxl would store "=…" as a formula; force a string
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True  # Excel keeps it text even after the cell is edited
        return
    cell.value = value
    if percent:
        cell.number_format = "0.0%"


def _write_table(sheet, table: pd.DataFrame, percent_columns: tuple[str, ...] = ()) -> None:
    """A header row and the table's rows, columns sized to their content."""
    for j, column in enumerate(table.columns, start=1):
        _write_value(sheet.cell(row=1, column=j), str(column))
    percent = [c in percent_columns for c in table.columns]
    for i, row in enumerate(table.itertuples(index=False, name=None), start=2):
        for j, (value, is_percent) in enumerate(zip(row, percent), start=1):
            _write_value(sheet.cell(row=i, column=j), value, is_percent)
    for j, column in enumerate(table.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in table[column].head(200))])
        sheet.column_dimensions[get_column_letter(j)].width = min(60, max(8, longest * 1.6))
    sheet.freeze_panes = "A2"


def report_workbook(sections: list[Section], coded: pd.DataFrame, lang: str = "zh") -> bytes:
    """Every section on its own sheet, then the coded rows; returned as .xlsx bytes."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for section in sections:
        _write_table(book.create_sheet(_sheet_name(section.title, taken)), section.table, section.percent_columns)
    _write_table(book.create_sheet(_sheet_name(CODED_SHEET[lang], taken)), coded)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
