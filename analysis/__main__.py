"""The command line: python -m analysis <command>. Bad input exits 2 with one sentence."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.batch import DEFAULT_CHUNK_ROWS, code_chunk, tag_chunks
from analysis.breakdown import pareto_table
from analysis.code import coder_for
from analysis.codebook import LEXICONS, CodebookError, load_codebook
from analysis.evaluate import score_tags
from analysis.pipeline import answer_text, tag_answers
from analysis.significance import MIN_BASE, segment_breakdown
from analysis.stream import ChunkWriter, open_table
from surveys import Survey, SurveyError, load_survey

DEFAULT_BASE_URL = "http://localhost:8501/"


class UsageError(Exception):
    """A wrong argument (a column that does not exist…), reported like a bad file."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh


def _lang() -> str:
    """'zh' when the shell speaks Chinese, else 'en'."""
    return "zh" if os.environ.get("LANG", "").lower().startswith("zh") else "en"


def _columns(survey: Survey, wanted: list[str] | None, role: str, required: bool = True) -> list[str]:
    """The text columns to code: those asked for, or the open-text columns about reasons."""
    if wanted:
        missing = [c for c in wanted if c not in survey.frame.columns]
        if missing:
            names = ", ".join(map(str, survey.frame.columns))
            raise UsageError(f"No column {missing[0]!r} in {survey.source}; columns are: {names}.",
                             f"{survey.source} 中没有“{missing[0]}”列；现有列：{names}。")
        return wanted
    guessed = survey.reason_text_columns
    if not guessed and required:
        raise UsageError(f"Found no open-text column in {survey.source}; name one with {role}.",
                         f"在 {survey.source} 中没有找到开放题文本列；请用 {role} 指定。")
    return guessed


def _write_bytes(data: bytes, out: str) -> None:
    """Write a file atomically: a reader never sees half of it, a failure leaves nothing."""
    target = Path(out)
    with tempfile.NamedTemporaryFile("wb", dir=target.parent or ".", suffix=".tmp", delete=False) as handle:
        handle.write(data)
    os.replace(handle.name, target)


def _sources(survey: Survey, args: argparse.Namespace) -> tuple[list[str], list[str]]:
    """The open-text and choice columns to code, as asked or as inspect marks reason questions."""
    # Reason choice questions join in unless the user named only text columns.
    choices = _columns(survey, args.choice_col, "--choice-col") if args.choice_col else (
        [] if args.text_col else survey.reason_choice_columns)
    return _columns(survey, args.text_col, "--text-col", required=not choices), choices


def _coded(args: argparse.Namespace) -> pd.DataFrame:
    """The input file read and coded as the arguments say."""
    survey = load_survey(args.file)
    codebook = load_codebook(args.codebook, packs=args.pack or ())
    texts, choices = _sources(survey, args)
    return code_chunk(survey.frame, texts, codebook, not args.rules_only, tuple(choices))


def cmd_inspect(args: argparse.Namespace) -> None:
    """Print what was detected about a file as JSON."""
    survey = load_survey(args.file)
    report = {
        "file": survey.source, "platform": survey.platform, "encoding": survey.encoding,
        "sheet": survey.sheet, "sheets": list(survey.sheets), "header_row": survey.header_row,
        "rows": len(survey.frame),
        "columns": [{"name": c, "label": survey.labels.get(c, c), "role": survey.roles[c],
                     **({"options": list(survey.options.get(c, ()))} if survey.roles[c] == "multi_choice" else {})}
                    for c in survey.frame.columns],
        "text_columns": survey.text_columns,
        "reason_text_columns": survey.reason_text_columns,
        "reason_choice_columns": survey.reason_choice_columns,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


def cmd_tag(args: argparse.Namespace) -> None:
    """Write every input row plus tags and evidence, chunk by chunk (CSV, or Parquet for a .parquet --out)."""
    table = open_table(args.file, args.chunk_rows)
    codebook = load_codebook(args.codebook, packs=args.pack or ())
    text_cols, choices = _sources(table.sample, args)
    writer = ChunkWriter(args.out)
    try:
        if args.engine == "dask":
            from analysis.dask_engine import tag_with_dask
            tag_with_dask(args.file, table, text_cols, codebook, not args.rules_only, writer, args.scheduler,
                          choice_cols=tuple(choices))
        else:
            for chunk in tag_chunks(table.chunks, text_cols, codebook, not args.rules_only, args.workers,
                                    tuple(choices)):
                writer.write(chunk)
    except BaseException:
        writer.abort()
        raise
    writer.close()


def cmd_pareto(args: argparse.Namespace) -> None:
    """Print the Pareto table, overall or per segment."""
    coded = _coded(args)
    for column in filter(None, (args.by, args.weight)):
        if column not in coded.columns:
            raise UsageError(f"No column {column!r} in {args.file}.", f"{args.file} 中没有“{column}”列。")
    weights = coded[args.weight] if args.weight else None
    groups = coded.groupby(args.by, dropna=False) if args.by else [(None, coded)]
    tables = []
    for segment, part in groups:
        table = pareto_table(part["tags"], None if weights is None else weights.loc[part.index], base=args.base)
        if args.by:
            table.insert(0, args.by, segment[0] if isinstance(segment, tuple) else segment)
        tables.append(table)
    result = pd.concat(tables, ignore_index=True)
    if args.json:
        print(result.to_json(orient="records", force_ascii=False, indent=2))
    else:
        print(result.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def cmd_breakdown(args: argparse.Namespace) -> None:
    """Print every segment × reason cell with its share, Wilson interval, p-value and significance."""
    coded = _coded(args)
    if args.by not in coded.columns:
        raise UsageError(f"No column {args.by!r} in {args.file}.", f"{args.file} 中没有“{args.by}”列。")
    codebook = load_codebook(args.codebook, packs=args.pack or ())
    result = segment_breakdown(coded["tags"], coded[args.by], codebook.ids, min_base=args.min_base)
    if args.json:
        print(result.to_json(orient="records", force_ascii=False, indent=2))
    else:
        print(result.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


def cmd_themes(args: argparse.Namespace) -> None:
    """Print the themes among the answers the codebook leaves as `other` (or all of them)."""
    from analysis.themes import find_themes  # imported here: loading clustering slows every other command

    if args.k is not None and args.k < 2:
        raise UsageError("--k must be at least 2.", "--k 至少为 2。")
    survey = load_survey(args.file)
    columns = _columns(survey, args.text_col, "--text-col")
    codebook = load_codebook(args.codebook, packs=args.pack or ())
    frame = survey.frame.reset_index(drop=True)
    id_cols = [c for c, role in survey.roles.items() if role == "id"]
    ids = frame[id_cols[0]] if id_cols else pd.Series(range(len(frame)))
    if not args.all:
        coded = tag_answers(frame, columns, codebook, learned=not args.rules_only)
        keep = coded["tags"] == "other"
        frame, ids = frame[keep], ids[keep]
    result = find_themes(answer_text(frame, columns), ids, n_themes=args.k,
                         segmenter=coder_for(codebook).segmenter, random_state=args.seed)
    result = {"file": str(args.file), "text_columns": columns, "scope": "all" if args.all else "other",
              "id_column": id_cols[0] if id_cols else None, "codebook": codebook.fingerprint(), **result}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    how = "given" if args.k else f"chosen by {result['k_method']}"
    print(f"{result['answers']} answers ({result['scope']}), {result['distinct_answers']} distinct after "
          f"collapsing near-duplicates; k={result['k']} ({how}); {result['unthemed']} in no theme.")
    table = pd.DataFrame([{"theme": t["theme"], "size": t["size"], "terms": " ".join(t["terms"]),
                           "example": t["examples"][0] if t["examples"] else ""} for t in result["themes"]])
    if not table.empty:
        print(table.to_string(index=False))
def cmd_report(args: argparse.Namespace) -> None:
    """Save the report behind a link and/or write it as standalone HTML and an Excel workbook."""
    # imported here: charts, workbooks and the database layer add a third to `tag`'s start-up
    import sqlalchemy as sa

    from reports.content import ReportContext, build_sections
    from reports.html import report_html
    from reports.snapshots import Snapshot, SnapshotStore
    from reports.workbook import report_workbook

    if not (args.save or args.html or args.xlsx):
        raise UsageError("Say what to make: --save, --html OUT.html and/or --xlsx OUT.xlsx.",
                         "请指定要生成什么：--save、--html OUT.html 和/或 --xlsx OUT.xlsx。")
    for out in filter(None, (args.html, args.xlsx)):
        if not Path(out).resolve().parent.is_dir():
            raise UsageError(f"The folder for {out} does not exist.", f"{out} 所在的文件夹不存在。")
    if args.expires_days is not None and args.expires_days < 1:
        raise UsageError("--expires-days must be 1 or more.", "--expires-days 至少为 1。")
    survey = load_survey(args.file)
    codebook = load_codebook(args.codebook, packs=args.pack or ())
    text_col = _columns(survey, [args.text_col] if args.text_col else None, "--text-col")[0]
    if args.weight and args.weight not in survey.frame.columns:
        raise UsageError(f"No column {args.weight!r} in {args.file}.", f"{args.file} 中没有“{args.weight}”列。")
    coded = tag_answers(survey.frame, text_col, codebook, learned=not args.rules_only)
    title = args.title or Path(survey.source).stem
    view = {"filters": {}, "base": args.base, "weight": args.weight}
    context = ReportContext(coded, text_col, codebook, survey.segment_columns, view, args.lang, survey.source)
    sections = build_sections(context)
    outputs = {}
    if args.html:
        outputs[args.html] = report_html(title, sections, datetime.now(UTC), args.lang).encode("utf-8")
    if args.xlsx:
        outputs[args.xlsx] = report_workbook(sections, coded, args.lang)
    if args.save:
        numbers = [c for c, role in survey.roles.items() if role == "number"]
        snapshot = Snapshot(title, coded, codebook, text_col, survey.segment_columns, numbers, view, survey.source)
        try:
            saved = SnapshotStore(args.db).save(snapshot, args.expires_days)
        except sa.exc.SQLAlchemyError as error:
            raise UsageError(f"Could not save to the report database: {error.__class__.__name__}: {error.orig or error}",
                             f"无法保存到报告数据库：{error.__class__.__name__}: {error.orig or error}") from error
        base_url = args.base_url or os.environ.get("CHURNLENS_BASE_URL") or DEFAULT_BASE_URL
        print(f"{base_url.rstrip('/')}/?report={saved.token}")
        print(f"delete secret: {saved.delete_secret}")
    for out, data in outputs.items():
        _write_bytes(data, out)
        print(f"wrote {out}", file=sys.stderr)


def cmd_evaluate(args: argparse.Namespace) -> None:
    """Score the coding against a gold-labelled CSV and print JSON."""
    survey = load_survey(args.file)
    gold = survey.frame
    for column in (args.text_col, args.tags_col):
        if column not in gold.columns:
            raise UsageError(f"No column {column!r} in {args.file}.", f"{args.file} 中没有“{column}”列。")
    codebook = load_codebook(args.codebook, packs=args.pack or ())
    coded = tag_answers(gold, args.text_col, codebook, learned=not args.rules_only)
    report = score_tags(gold[args.tags_col], coded["tags"], codebook.ids)
    report["file"] = str(args.file)
    report["codebook"] = codebook.fingerprint()
    report["layers"] = "rules" if args.rules_only else "rules+model"
    print(json.dumps(report, ensure_ascii=False, indent=2))


def parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    root = argparse.ArgumentParser(prog="python -m analysis", description="ChurnLens: why customers leave.")
    commands = root.add_subparsers(dest="command", required=True)

    def add(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("file", help="CSV, TSV, TXT, XLSX, XLS or JSON lines")
        sub.set_defaults(handler=handler)
        return sub

    def coding_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--codebook", default=str(LEXICONS), help="lexicons directory or codebook folder")
        sub.add_argument("--pack", action="append", help="industry pack to add (repeatable)")
        sub.add_argument("--rules-only", action="store_true", help="codebook rules without the learned layer")

    add("inspect", cmd_inspect, "show platform, encoding, rows and column roles as JSON")
    tag = add("tag", cmd_tag, "code every row: input columns plus tags and evidence")
    tag.add_argument("--text-col", action="append", help="open-text column (repeatable; default: best guess)")
    tag.add_argument("--choice-col", action="append",
                     help="choice question whose ticked options are coded too (repeatable; default: the reason questions)")
    tag.add_argument("--out", help="output file: .parquet for Parquet, else CSV (default: CSV on stdout)")
    tag.add_argument("--chunk-rows", type=int, default=DEFAULT_CHUNK_ROWS, help="rows read and coded at a time")
    tag.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 8),
                     help="worker processes for the local engine (default: one per core)")
    tag.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local processes, or partitions on a Dask cluster")
    tag.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    coding_options(tag)
    pareto = add("pareto", cmd_pareto, "the Pareto table of reasons")
    pareto.add_argument("--text-col", action="append")
    pareto.add_argument("--choice-col", action="append")
    pareto.add_argument("--by", help="segment column: one table per value")
    pareto.add_argument("--weight", help="numeric column to rank by (e.g. lost revenue)")
    pareto.add_argument("--base", choices=("respondents", "mentions"), default="respondents")
    pareto.add_argument("--json", action="store_true", help="print JSON records")
    coding_options(pareto)
    breakdown = add("breakdown", cmd_breakdown, "reason shares by segment with significance tests")
    breakdown.add_argument("--text-col", action="append")
    breakdown.add_argument("--choice-col", action="append")
    breakdown.add_argument("--by", required=True, help="segment column to compare")
    breakdown.add_argument("--min-base", type=int, default=MIN_BASE,
                           help=f"segments with fewer respondents are never significant (default {MIN_BASE})")
    breakdown.add_argument("--json", action="store_true", help="print JSON records")
    coding_options(breakdown)
    themes = add("themes", cmd_themes, "themes among the answers the codebook leaves as other")
    themes.add_argument("--text-col", action="append", help="open-text column (default: best guess)")
    themes.add_argument("--k", type=int, help="number of themes (default: chosen by silhouette)")
    themes.add_argument("--all", action="store_true", help="cluster every answer, not only `other`")
    themes.add_argument("--seed", type=int, default=0, help="random seed (same seed, same themes)")
    themes.add_argument("--json", action="store_true", help="print JSON")
    coding_options(themes)
    report = add("report", cmd_report, "save the report as a link, or write it as HTML and Excel")
    report.add_argument("--text-col", help="open-text column (default: best guess)")
    report.add_argument("--save", action="store_true", help="save a snapshot and print its ?report= link")
    report.add_argument("--title", help="report title (default: the file name)")
    report.add_argument("--expires-days", type=int, help="the saved link stops working after this many days")
    report.add_argument("--html", help="write a standalone HTML report here")
    report.add_argument("--xlsx", help="write an Excel workbook here")
    report.add_argument("--base", choices=("respondents", "mentions"), default="respondents")
    report.add_argument("--weight", help="numeric column to rank by (e.g. lost revenue)")
    report.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the report")
    report.add_argument("--db", help="database URL (default: $CHURNLENS_DB, else data/churnlens.sqlite)")
    report.add_argument("--base-url", help=f"the app's address for links (default: $CHURNLENS_BASE_URL, else {DEFAULT_BASE_URL})")
    coding_options(report)
    evaluate = add("evaluate", cmd_evaluate, "precision, recall and F1 per tag against gold labels")
    evaluate.add_argument("--text-col", default="text")
    evaluate.add_argument("--tags-col", default="tags")
    coding_options(evaluate)
    return root


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status."""
    args = parser().parse_args(argv)
    lang = _lang()
    try:
        args.handler(args)
    except (SurveyError, UsageError) as error:
        print(error.zh if lang == "zh" else error.en, file=sys.stderr)
        return 2
    except CodebookError as error:
        print(f"Codebook error: {error}" if lang == "en" else f"编码本有误：{error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
