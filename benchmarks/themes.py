"""How long finding themes takes in 10,000 and 100,000 answers, against baselines in the same run.

The answers are sentences of the public review corpora in ../shared/corpora/ (survey answers
are short, so a review is cut at 。！？ into sentences of 4+ characters; order shuffled with
a fixed seed). Baselines on the same answers: jieba tokenization alone, and plain TF-IDF
over jieba tokens + k-means with k=10 (no stopwords, no near-duplicate collapsing, no k
search).

Run from the repository root: python benchmarks/themes.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from analysis.code import coder_for  # noqa: E402
from analysis.codebook import load_codebook  # noqa: E402
from analysis.segment import Segmenter  # noqa: E402
from analysis.themes import ThemeFinder  # noqa: E402

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
FILES = ("online_shopping_10_cats.csv", "waimai_10k.csv", "ChnSentiCorp_htl_all.csv")


def sentences() -> list[str]:
    """Every sentence of 4+ characters of the review corpora, shuffled with a fixed seed."""
    reviews = pd.concat([pd.read_csv(CORPORA / name, usecols=["review"])["review"] for name in FILES])
    parts = [s.strip() for review in reviews.dropna().astype(str) for s in re.split(r"[。！？!?\n]+", review)]
    parts = [s for s in parts if len(s) >= 4]
    order = np.random.default_rng(0).permutation(len(parts))
    return [parts[i] for i in order]


def seconds(action) -> tuple[float, object]:
    """Wall time of one call and its result."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def plain_kmeans(answers: list[str], segmenter: Segmenter) -> np.ndarray:
    """The baseline: TF-IDF over all jieba tokens, k-means with k=10, nothing collapsed."""
    matrix = TfidfVectorizer(analyzer=segmenter.tokens, sublinear_tf=True).fit_transform(answers)
    return KMeans(n_clusters=10, n_init=4, random_state=0).fit_predict(matrix)


def main() -> None:
    """Print figures and ratios per size."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    sizes = parser.parse_args().sizes
    pool = sentences()
    print(f"pool: {len(pool):,} sentences from {', '.join(FILES)}")
    segmenter = coder_for(load_codebook()).segmenter
    setup, _ = seconds(lambda: segmenter.tokenizer)
    print(f"one-off segmenter setup (jieba + codebook words): {setup:.2f} s")
    for size in sizes:
        answers = pool[:size]
        tokenize, _ = seconds(lambda: [segmenter.tokens(a) for a in answers])
        plain, _ = seconds(lambda: plain_kmeans(answers, segmenter))
        auto, finder = seconds(lambda: ThemeFinder(segmenter=segmenter, random_state=0).fit(answers))
        given, _ = seconds(lambda: ThemeFinder(n_themes=10, segmenter=segmenter, random_state=0).fit(answers))
        themed = int((finder.labels_ >= 0).sum())
        print(f"{len(answers):,} answers ({finder.n_distinct_:,} after collapsing near-duplicates) | "
              f"jieba tokens alone {tokenize:.1f} s | plain TF-IDF+k-means(k=10) {plain:.1f} s | "
              f"themes k=10 {given:.1f} s ({given / plain:.2f}× plain, {given / tokenize:.2f}× tokens) | "
              f"themes k auto {auto:.1f} s ({auto / plain:.2f}× plain, {auto / tokenize:.2f}× tokens; "
              f"k={finder.k_}, {themed:,} answers in themes)")


if __name__ == "__main__":
    main()
