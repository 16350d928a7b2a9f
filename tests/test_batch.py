"""Coding in chunks and worker processes, and coding repeated answers once, change no result."""

import pandas as pd

from analysis.batch import tag_chunks
from analysis.pipeline import tag_answers
from conftest import DATA
from surveys import load_survey


def test_repeated_answers_get_the_codes_each_would_get_alone(default_codebook):
    frame = load_survey(DATA / "reviews_mixed.csv").frame
    assert frame["review"].duplicated().sum() >= 12
    together = tag_answers(frame, "review", default_codebook)
    alone = pd.concat([tag_answers(frame.iloc[[i]], "review", default_codebook) for i in range(len(frame))])
    assert together.equals(alone)


def test_worker_processes_keep_order_and_codes(default_codebook):
    frame = load_survey(DATA / "reviews_mixed.csv").frame
    chunks = [frame.iloc[i:i + 25] for i in range(0, len(frame), 25)]
    parallel = pd.concat(tag_chunks(chunks, ["review"], default_codebook, workers=2))
    assert parallel.equals(tag_answers(frame, "review", default_codebook))
