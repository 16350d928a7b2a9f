"""The rjieba backend codes exactly like the jieba reference on the dev sets and the demo data."""

from pathlib import Path

import pandas as pd
import pytest

from analysis.code import AnswerCoder, evidence_of, tags_of
from analysis.codebook import load_codebook
from analysis.normalize import normalize_answers
from analysis.segment import Segmenter
from surveys.demo import DEMO_FILES, DEMO_PACKS, load_demo

pytest.importorskip("rjieba")
EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def codes(texts: pd.Series, packs: tuple[str, ...], backend: str) -> list[tuple[str, str]]:
    book = load_codebook(packs=packs)
    coder = AnswerCoder(book, Segmenter.for_codebook(book, backend=backend))
    out = []
    for text in normalize_answers(texts):
        hits = coder.code(text)
        out.append((tags_of(hits), evidence_of(hits, book.ids)))
    return out


def dev_sets() -> list[Path]:
    return sorted(EVAL.glob("dev_*.csv"))


@pytest.mark.skipif(not dev_sets(), reason="../shared/eval/ dev sets are not beside this checkout")
@pytest.mark.parametrize("name", [p.name for p in dev_sets()])
def test_same_codes_row_by_row_on_dev_sets(name):
    texts = pd.read_csv(EVAL / name, dtype=str)["text"]
    assert codes(texts, (), "rjieba") == codes(texts, (), "jieba")


@pytest.mark.parametrize("name", list(DEMO_FILES))
def test_same_codes_row_by_row_on_demo_data(name):
    survey = load_demo(name)
    texts = survey.frame[survey.text_columns[0]]
    assert codes(texts, DEMO_PACKS[name], "rjieba") == codes(texts, DEMO_PACKS[name], "jieba")


def test_same_tokens_for_glued_modifiers_numbers_and_latin():
    book = load_codebook()
    rust, python = (Segmenter.for_codebook(book, backend=b) for b in ("rjieba", "jieba"))
    for text in ("价格太贵了,离家太远", "网速快,速度快", "check-in 要等 2-3 小时,1.5kg 的箱子", "t.cn/abc 不贵"):
        assert rust.tokens(text) == python.tokens(text)


def test_backend_chosen_by_environment(monkeypatch):
    monkeypatch.setenv("CHURNLENS_SEGMENTER", "jieba")
    assert Segmenter().backend == "jieba"
    monkeypatch.setenv("CHURNLENS_SEGMENTER", "rjieba")
    assert Segmenter().backend == "rjieba"
