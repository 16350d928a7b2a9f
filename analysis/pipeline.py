"""The coding path shared by the CLI, the app and `evaluate`: normalize → segment → code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from analysis.code import code_answers
from analysis.codebook import Codebook
from analysis.model import distinct_answers, load_model, refine_codes
from analysis.normalize import normalize_answers

TAG_COLUMNS = ("tags", "evidence")


def answer_text(frame: pd.DataFrame, text_cols: Sequence[str]) -> pd.Series:
    """The answer to code per row: the text columns joined as sentences, blanks skipped."""
    if len(text_cols) == 1:
        return frame[text_cols[0]]
    parts = frame[list(text_cols)].astype("object").where(frame[list(text_cols)].notna(), "")
    return parts.astype(str).agg("。".join, axis=1).str.strip("。")


def tag_answers(
    frame: pd.DataFrame,
    text_cols: str | Sequence[str],
    codebook: Codebook,
    progress: Callable[[float], None] | None = None,
    learned: bool = True,
) -> pd.DataFrame:
    """Every input row plus `tags` and `evidence` from coding the text column(s).

    With `learned`, the shipped classifier (analysis.model) refines the codebook's tags when
    the codebook has every reason the model knows; otherwise the codebook decides alone.
    """
    text_cols = [text_cols] if isinstance(text_cols, str) else list(text_cols)
    normalized = normalize_answers(answer_text(frame, text_cols))
    model = load_model() if learned else None
    if model is not None and set(model.reasons) <= set(codebook.ids):
        # The model's n-gram scores depend on the text alone and are mostly numpy/scipy work that releases
        # the GIL, so a second thread works them out while this one runs the (pure Python) codebook coder.
        # One executor per call: a module-level thread would not survive a fork into a worker process.
        with ThreadPoolExecutor(1, thread_name_prefix="ngram-scores") as pool:
            scoring = pool.submit(model.ngram_scores, distinct_answers(normalized))
            coded = code_answers(normalized, codebook, progress)
            coded = refine_codes(normalized, coded, model, scoring.result())
    else:
        coded = code_answers(normalized, codebook, progress)
    out = frame.drop(columns=[c for c in TAG_COLUMNS if c in frame.columns]).copy()
    out["tags"] = coded["tags"]
    out["evidence"] = coded["evidence"]
    return out
