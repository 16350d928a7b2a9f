"""Coding a table chunk by chunk, optionally in worker processes that load dictionaries and model once."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from analysis.choices import tag_with_choices
from analysis.code import coder_for
from analysis.codebook import Codebook
from analysis.model import load_model
from analysis.pipeline import tag_answers

DEFAULT_CHUNK_ROWS = 20_000


def warm(codebook: Codebook, learned: bool = True) -> None:
    """Build the segmenter's dictionary and load the model now, so forked workers inherit them."""
    coder_for(codebook).segmenter.tokens("预热")
    if learned:
        load_model()


def code_chunk(chunk: pd.DataFrame, text_cols: list[str], codebook: Codebook, learned: bool = True,
               choice_cols: tuple[str, ...] = ()) -> pd.DataFrame:
    """One chunk coded: open text only, or open text combined with ticked reason options."""
    if choice_cols:
        return tag_with_choices(chunk, text_cols, choice_cols, codebook, learned=learned)
    return tag_answers(chunk, text_cols, codebook, learned=learned)


def tag_chunks(chunks: Iterable[pd.DataFrame], text_cols: list[str], codebook: Codebook,
               learned: bool = True, workers: int = 1, choice_cols: tuple[str, ...] = ()) -> Iterator[pd.DataFrame]:
    """Coded chunks in input order; with workers > 1, at most workers + 1 chunks are in memory at once."""
    if workers <= 1:
        for chunk in chunks:
            yield code_chunk(chunk, text_cols, codebook, learned, choice_cols)
        return
    warm(codebook, learned)
    # fork: workers start with the parent's loaded dictionary and model instead of loading their own
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=warm, initargs=(codebook, learned)) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.submit(code_chunk, chunk, text_cols, codebook, learned, choice_cols))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
