"""Saved-report cost on the 900-row demo: stored size vs plain CSV, save/load time, export time.

Run: python benchmarks/report_snapshot.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.codebook import load_codebook  # noqa: E402
from analysis.pipeline import tag_answers  # noqa: E402
from reports.content import ReportContext, build_sections  # noqa: E402
from reports.html import report_html  # noqa: E402
from reports.snapshots import Snapshot, SnapshotStore, rows_to_bytes  # noqa: E402
from reports.workbook import report_workbook  # noqa: E402
from surveys.demo import DEMO_FILES, DEMO_PACKS  # noqa: E402
from surveys import load_survey  # noqa: E402


def timed(work):
    start = time.perf_counter()
    result = work()
    return result, (time.perf_counter() - start) * 1000


def main() -> None:
    survey = load_survey(DEMO_FILES["auto"])
    book = load_codebook(packs=DEMO_PACKS.get("auto", ()))
    text_col = survey.text_columns[0]
    coded = tag_answers(survey.frame, text_col, book)
    csv_bytes = len(coded.to_csv(index=False).encode("utf-8"))
    stored = len(rows_to_bytes(coded))
    print(f"rows {len(coded)}: CSV {csv_bytes:,} B, stored Parquet+zstd {stored:,} B, ratio {csv_bytes / stored:.1f}x")
    with tempfile.TemporaryDirectory() as folder:
        store = SnapshotStore(f"sqlite:///{folder}/r.sqlite")
        store.version()
        snapshot = Snapshot("demo", coded, book, text_col, survey.segment_columns, [], {}, survey.source)
        saved, save_ms = timed(lambda: store.save(snapshot))
        _, load_ms = timed(lambda: store.load(saved.token))
        print(f"SQLite save {save_ms:.0f} ms, load {load_ms:.0f} ms")
        store.engine.dispose()
    context = ReportContext(coded, text_col, book, survey.segment_columns, {}, "zh", survey.source)
    sections, sections_ms = timed(lambda: build_sections(context))
    html, html_ms = timed(lambda: report_html("demo", sections, datetime.now(UTC)))
    xlsx, xlsx_ms = timed(lambda: report_workbook(sections, coded))
    print(f"sections {sections_ms:.0f} ms; HTML {len(html.encode()):,} B in {html_ms:.0f} ms; "
          f"XLSX {len(xlsx):,} B in {xlsx_ms:.0f} ms")


if __name__ == "__main__":
    main()
