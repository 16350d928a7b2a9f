"""How long coding the built-in demos takes, against a bare jieba.lcut loop in the same run.

Run from the repository root: python benchmarks/demo_coding.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jieba  # noqa: E402

from analysis.code import coder_for  # noqa: E402
from analysis.codebook import load_codebook  # noqa: E402
from analysis.model import load_model  # noqa: E402
from analysis.pipeline import tag_answers  # noqa: E402
from surveys.demo import DEMO_FILES, DEMO_PACKS, load_demo  # noqa: E402


def seconds(action) -> float:
    """Wall time of one call."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    """Print figures per demo: read, code (rules, rules+model) and the jieba baseline."""
    tokenizer = jieba.Tokenizer()
    warm = seconds(tokenizer.initialize)
    print(f"jieba dictionary load: {warm:.2f} s")
    for name in DEMO_FILES:
        read = seconds(lambda: load_demo(name))
        survey = load_demo(name)
        column = survey.text_columns[0]
        texts = survey.frame[column].fillna("").astype(str).tolist()
        book = load_codebook(packs=DEMO_PACKS[name])
        setup = seconds(lambda: coder_for(book).segmenter.tokenizer) + seconds(load_model)
        baseline = seconds(lambda: [tokenizer.lcut(t) for t in texts])
        rules = seconds(lambda: tag_answers(survey.frame, column, book, learned=False))
        full = seconds(lambda: tag_answers(survey.frame, column, book))
        print(f"{name}: {len(texts)} answers | read {read:.2f} s | one-off setup {setup:.2f} s | "
              f"bare jieba.lcut {baseline:.3f} s | rules {rules:.3f} s ({rules / baseline:.1f}× the jieba time) | "
              f"rules+model {full:.3f} s ({full / baseline:.1f}× the jieba time, {len(texts) / full:,.0f} answers/s)")


if __name__ == "__main__":
    main()
