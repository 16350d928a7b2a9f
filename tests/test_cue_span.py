"""Coding cuts only the stretch of an answer between its first and last cue word when no slot pattern can match."""

import re

import pandas as pd
import pytest

from analysis.code import _BOUNDARY, AnswerCoder
from analysis.codebook import available_packs, load_codebook
from analysis.cue_span import SEPARATORS, CueSpan
from analysis.learn import TRAINING
from analysis.normalize import normalize_answers
from analysis.segment import Segmenter


def training_texts() -> list[str]:
    texts = pd.concat([pd.read_csv(path, dtype=str)["text"] for path in sorted(TRAINING.glob("*.csv"))])
    return list(normalize_answers(texts.dropna()).unique())


def test_every_separator_is_a_clause_boundary():
    assert all(_BOUNDARY.match(char) for char in SEPARATORS)


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_an_answer_is_cut_as_its_pieces_between_separators_are(backend):
    tokenizer = Segmenter.for_codebook(load_codebook(), backend=backend).tokenizer
    odd = [f"好{c}好a{c}1{c}.{c}-{c}x%{c}中文{c}{c}b" for c in SEPARATORS]
    for text in training_texts()[:3000] + odd:
        pieces = [token for piece in re.split(f"([{re.escape(SEPARATORS)}])", text) if piece
                  for token in tokenizer.raw_cut(piece)]
        assert tokenizer.raw_cut(text) == pieces, text


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("", ""),
        ("今天天气不错,我们去了公园", ""),
        ("今天天气不错,价格太贵了,下次再说", "价格太贵了"),
        ("我们三个人 价格太贵了,服务也差。就这样吧", "价格太贵了,服务也差"),
        ("价格", "价格"),
        ("a,价格太贵", "价格太贵"),
    ],
)
def test_the_span_runs_from_the_piece_of_the_first_cue_word_to_that_of_the_last(text, span):
    coder = AnswerCoder(load_codebook())
    assert CueSpan(coder._cue_words)(text) == span


def test_coding_only_the_span_gives_the_codes_of_the_whole_answer():
    # every training example with every pack: hits and cancelled reasons as when the whole answer is cut
    coder = AnswerCoder(load_codebook(packs=tuple(available_packs())))
    whole = AnswerCoder(coder.codebook, coder.segmenter)
    whole._cue_span = lambda text: text
    trimmed = 0
    for text in training_texts():
        cancelled, expected = set(), set()
        assert coder.code(text, cancelled) == whole.code(text, expected) and cancelled == expected, text
        trimmed += coder._cue_span(text) != text
    assert trimmed > 1000
