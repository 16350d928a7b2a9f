"""Reasons from choice questions: each option text is coded with the codebook like an answer,
and what a respondent ticked is combined with what they wrote."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from analysis.code import evidence_parts
from analysis.codebook import OTHER, Codebook
from analysis.pipeline import tag_answers
from surveys.platforms import option_and_fill_in, split_choices

SOURCE_COLUMNS = ("tags_ticked", "tags_written")


def ticked(frame: pd.DataFrame, choice_cols: Sequence[str]) -> pd.DataFrame:
    """Per row: the options ticked in the choice columns and the words written into their fill-ins."""
    options, fill_ins = [], []
    for _, row in frame[list(choice_cols)].iterrows():
        picked = [option_and_fill_in(choice) for cell in row for choice in split_choices(cell)]
        options.append(tuple(dict.fromkeys(option for option, _ in picked)))
        fill_ins.append("。".join(words for _, words in picked if words))
    return pd.DataFrame({"options": options, "fill_in": fill_ins}, index=frame.index)


def option_codes(options: Sequence[str], codebook: Codebook) -> dict[str, tuple[str, str]]:
    """Option text → (tags, evidence), each distinct option coded once on the answer coding path.

    Codebook rules only: the learned layer was trained on written sentences and guesses wildly
    on four-character option labels such as 其他.
    """
    distinct = list(dict.fromkeys(options))
    if not distinct:
        return {}
    coded = tag_answers(pd.DataFrame({"option": distinct}), "option", codebook, learned=False)
    return {option: (tags, evidence) for option, tags, evidence in zip(distinct, coded["tags"], coded["evidence"])}


def _reasons(tags: str) -> list[str]:
    """The named reasons in a tags string (`other` and blanks dropped)."""
    return [tag for tag in str(tags or "").split("|") if tag and tag != OTHER]


def _merged_evidence(evidences: Sequence[str], order: Sequence[str]) -> str:
    """Several evidence strings as one, reasons in codebook order, repeated items once."""
    items: dict[str, list[str]] = {}
    for evidence in evidences:
        for reason, part in evidence_parts(evidence).items():
            items.setdefault(reason, []).extend(i.strip() for i in part.split(",") if i.strip())
    return "; ".join(f"{r}: {', '.join(dict.fromkeys(items[r]))}" for r in order if r in items)


def tag_with_choices(
    frame: pd.DataFrame,
    text_cols: Sequence[str],
    choice_cols: Sequence[str],
    codebook: Codebook,
    progress: Callable[[float], None] | None = None,
    learned: bool = True,
) -> pd.DataFrame:
    """Every input row plus `tags_ticked`, `tags_written`, their union as `tags`, and `evidence`.

    Options are coded like answers (`价格太贵` → price); fill-ins such as 其他〖太远〗 count as
    written; `learned` applies to the written text. A source with nothing in it is blank; `tags` is `other` only when neither names a reason.
    """
    choices = ticked(frame, choice_cols)
    codes = option_codes([o for options in choices["options"] for o in options], codebook)
    written_parts = frame[list(text_cols)].astype("object").where(frame[list(text_cols)].notna(), "").astype(str)
    written_parts["fill_in"] = choices["fill_in"]
    written = written_parts.agg(lambda row: "。".join(p for p in row if p.strip()), axis=1)
    coded = tag_answers(pd.DataFrame({"written": written}), "written", codebook, progress, learned)
    rows = []
    for options, text, tags, evidence in zip(choices["options"], written, coded["tags"], coded["evidence"]):
        ticked_reasons = sorted({r for o in options for r in _reasons(codes[o][0])})
        ticked_tags = "|".join(ticked_reasons) or (OTHER if options else "")
        written_tags = tags if text.strip() else ""
        union = sorted(set(ticked_reasons) | set(_reasons(written_tags)))
        ticked_evidence = [f"{r}: {o} (choice)" for o in options for r in _reasons(codes[o][0])]
        rows.append((ticked_tags, written_tags, "|".join(union) or OTHER,
                     _merged_evidence([*ticked_evidence, evidence], codebook.ids)))
    out = frame.drop(columns=[c for c in ("tags", "evidence", *SOURCE_COLUMNS) if c in frame.columns]).copy()
    for i, name in enumerate((*SOURCE_COLUMNS, "tags", "evidence")):
        out[name] = [row[i] for row in rows]
    return out
