"""The command line: python -m analysis <command>. Bad input exits 2 with one sentence."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import pandas as pd

from analysis.batch import DEFAULT_CHUNK_ROWS, tag_chunks
from analysis.breakdown import pareto_table
from analysis.codebook import LEXICONS, CodebookError, load_codebook
from analysis.evaluate import score_tags
from analysis.pipeline import tag_answers
from analysis.stream import ChunkWriter, open_table
from surveys import Survey, SurveyError, load_survey


class UsageError(Exception):
    """A wrong argument (a column that does not exist…), reported like a bad file."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh


def _lang() -> str:
    """'zh' when the shell speaks Chinese, else 'en'."""
    return "zh" if os.environ.get("LANG", "").lower().startswith("zh") else "en"


def _columns(survey: Survey, wanted: list[str] | None, role: str) -> list[str]:
    """The text columns to code: those asked for, or the best guess."""
    if wanted:
        missing = [c for c in wanted if c not in survey.frame.columns]
        if missing:
            names = ", ".join(map(str, survey.frame.columns))
            raise UsageError(f"No column {missing[0]!r} in {survey.source}; columns are: {names}.",
                             f"{survey.source} 中没有“{missing[0]}”列；现有列：{names}。")
        return wanted
    guessed = survey.text_columns
    if not guessed:
        raise UsageError(f"Found no open-text column in {survey.source}; name one with {role}.",
                         f"在 {survey.source} 中没有找到开放题文本列；请用 {role} 指定。")
    return guessed[:1]


def _coded(args: argparse.Namespace) -> pd.DataFrame:
    """The input file read and coded as the arguments say."""
    survey = load_survey(args.file)
    codebook = load_codebook(args.codebook, packs=args.pack or ())
    return tag_answers(survey.frame, _columns(survey, args.text_col, "--text-col"), codebook,
                       learned=not args.rules_only)


def cmd_inspect(args: argparse.Namespace) -> None:
    """Print what was detected about a file as JSON."""
    survey = load_survey(args.file)
    report = {
        "file": survey.source, "platform": survey.platform, "encoding": survey.encoding,
        "sheet": survey.sheet, "sheets": list(survey.sheets), "header_row": survey.header_row,
        "rows": len(survey.frame),
        "columns": [{"name": c, "label": c, "role": survey.roles[c]} for c in survey.frame.columns],
        "text_columns": survey.text_columns,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


def cmd_tag(args: argparse.Namespace) -> None:
    """Write every input row plus tags and evidence, chunk by chunk (CSV, or Parquet for a .parquet --out)."""
    table = open_table(args.file, args.chunk_rows)
    codebook = load_codebook(args.codebook, packs=args.pack or ())
    text_cols = _columns(table.sample, args.text_col, "--text-col")
    writer = ChunkWriter(args.out)
    try:
        if args.engine == "dask":
            from analysis.dask_engine import tag_with_dask
            tag_with_dask(args.file, table, text_cols, codebook, not args.rules_only, writer, args.scheduler)
        else:
            for chunk in tag_chunks(table.chunks, text_cols, codebook, not args.rules_only, args.workers):
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
    pareto.add_argument("--by", help="segment column: one table per value")
    pareto.add_argument("--weight", help="numeric column to rank by (e.g. lost revenue)")
    pareto.add_argument("--base", choices=("respondents", "mentions"), default="respondents")
    pareto.add_argument("--json", action="store_true", help="print JSON records")
    coding_options(pareto)
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
