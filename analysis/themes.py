"""Step 4: themes the codebook misses — clusters of answers, with their words and examples.

Answers are normalized (analysis.normalize) and cut into words by the codebook's segmenter
(analysis.segment); stopwords (lexicons/stopwords.txt) and punctuation are dropped, and very
short answers also get the character bigrams of those words, so that 积分清零 and 积分被清零
meet. Near-duplicate answers (the same words once stopwords are gone, or TF-IDF cosine
≥ 0.8, which one extra word in five still passes) are collapsed to one point before
clustering, so a pasted answer cannot pull a cluster of its own; a theme must hold at least
`min_distinct` different answers. The points are reduced with LSA (truncated SVD) and
clustered with k-means; when k is not given it is the k in `k_range` with the highest mean
cosine silhouette, measured on up to `selection_sample` points. k-means likes to cut one
theme in parts on short answers, so clusters sharing two of their three top terms are
merged back into one theme (so a result may hold fewer than k themes).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize as l2_normalize

from analysis.codebook import LEXICONS
from analysis.normalize import normalize_answers
from analysis.segment import Segmenter

STOPWORDS_PATH = LEXICONS / "stopwords.txt"
K_METHOD = "silhouette"
# A token worth clustering on has a letter or a CJK character (not punctuation, not digits).
_WORDLIKE = re.compile(r"[a-z\u3400-\u9fff]")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Character n-gram features carry this prefix so they never show up as a theme's terms.
_NGRAM_MARK = "~"


@functools.cache
def load_stopwords(path: Path = STOPWORDS_PATH) -> frozenset[str]:
    """The stopwords, one per line; blank lines and # comments skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.lstrip().startswith("#"))


def content_tokens(text: str, segmenter: Segmenter, stopwords: frozenset[str], short_answer: int) -> list[str]:
    """The words of one normalized answer without stopwords and punctuation, plus bigrams when short."""
    words = [w for w in segmenter.tokens(text) if w.strip() and w not in stopwords and _WORDLIKE.search(w)]
    chars = "".join(_CJK.findall("".join(words)))
    if 2 <= len(chars) <= short_answer:
        words += [_NGRAM_MARK + chars[i:i + 2] for i in range(len(chars) - 1)]
    return words


def _union_find_groups(n: int, pairs: np.ndarray) -> np.ndarray:
    """Connected components over index pairs, each labelled by its smallest member."""
    parent = np.arange(n)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([root(i) for i in range(n)])


def near_duplicate_groups(vectors: sp.csr_matrix, similarity: float, chunk: int = 2000) -> np.ndarray:
    """For L2-normalized rows, the group (smallest member index) of each row at cosine ≥ similarity."""
    n = vectors.shape[0]
    pairs = []
    transposed = vectors.T.tocsc()
    for start in range(0, n, chunk):
        block = (vectors[start:start + chunk] @ transposed).tocoo()
        keep = (block.data >= similarity) & (block.row + start < block.col)
        pairs.append(np.column_stack([block.row[keep] + start, block.col[keep]]))
    return _union_find_groups(n, np.concatenate(pairs) if pairs else np.empty((0, 2), dtype=int))


class ThemeFinder(BaseEstimator):
    """Clusters answers into themes; see the module docstring for the method.

    After `fit(answers)`: `labels_` (theme per answer, -1 for none), `terms_`, `examples_`
    (positions of the most representative answers per theme), `k_`, `k_scores_`
    (silhouette per k tried; empty when k was given), `groups_` (near-duplicate group per
    answer) and `n_distinct_` (points clustered).
    """

    def __init__(self, n_themes: int | None = None, k_range: tuple[int, int] = (2, 10), n_terms: int = 8,
                 n_examples: int = 3, min_distinct: int = 3, duplicate_similarity: float = 0.8,
                 short_answer: int = 6, n_components: int = 50, selection_sample: int = 2000,
                 segmenter: Segmenter | None = None, random_state: int = 0) -> None:
        self.n_themes = n_themes
        self.k_range = k_range
        self.n_terms = n_terms
        self.n_examples = n_examples
        self.min_distinct = min_distinct
        self.duplicate_similarity = duplicate_similarity
        self.short_answer = short_answer
        self.n_components = n_components
        self.selection_sample = selection_sample
        self.segmenter = segmenter
        self.random_state = random_state

    def _points(self, answers: Sequence[object]) -> tuple[list[list[str]], np.ndarray]:
        """Tokens of each distinct point and, per answer, its point (-1 when it has no words)."""
        normalized = normalize_answers(pd.Series(list(answers), dtype="object"))
        segmenter = self.segmenter or Segmenter()
        stopwords = load_stopwords()
        point_of_key: dict[str, int] = {}
        tokens: list[list[str]] = []
        cache: dict[str, int] = {}
        point = np.full(len(normalized), -1)
        for i, text in enumerate(normalized):
            if text not in cache:
                words = content_tokens(text, segmenter, stopwords, self.short_answer)
                key = " ".join(w for w in words if not w.startswith(_NGRAM_MARK))
                if not key:
                    cache[text] = -1
                else:
                    if key not in point_of_key:
                        point_of_key[key] = len(tokens)
                        tokens.append(words)
                    cache[text] = point_of_key[key]
            point[i] = cache[text]
        return tokens, point

    def _choose_k(self, reduced: np.ndarray, k_max: int) -> tuple[int, dict[int, float]]:
        """The k with the best cosine silhouette on a sample of the points."""
        rng = np.random.default_rng(self.random_state)
        sample = reduced
        if len(reduced) > self.selection_sample:
            sample = reduced[np.sort(rng.choice(len(reduced), self.selection_sample, replace=False))]
        distances = np.clip(1.0 - sample @ sample.T, 0.0, 2.0)  # rows are unit vectors: cosine distance
        np.fill_diagonal(distances, 0.0)
        scores: dict[int, float] = {}
        for k in range(max(2, self.k_range[0]), min(self.k_range[1], k_max) + 1):
            labels = KMeans(n_clusters=k, n_init=2, random_state=self.random_state).fit_predict(sample)
            if len(set(labels)) > 1:
                scores[k] = float(silhouette_score(distances, labels, metric="precomputed"))
        best = max(scores, key=lambda k: (scores[k], -k)) if scores else 1
        return best, scores

    def fit(self, answers: Sequence[object], y: None = None) -> "ThemeFinder":
        """Find the themes among the answers."""
        tokens, point = self._points(answers)
        self.n_answers_ = len(point)
        self.k_scores_: dict[int, float] = {}
        self.labels_ = np.full(len(point), -1)
        self.groups_ = point.copy()
        self.terms_: list[list[str]] = []
        self.examples_: list[list[int]] = []
        self.k_ = 0
        if len(tokens) < 2 * self.min_distinct:
            self.n_distinct_ = len(tokens)
            return self
        vectorizer = TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=True)
        matrix = vectorizer.fit_transform(tokens)
        groups = near_duplicate_groups(matrix, self.duplicate_similarity)
        representatives = np.unique(groups)
        self.groups_ = np.where(point >= 0, groups[np.maximum(point, 0)], -1)
        self.n_distinct_ = len(representatives)
        k_max = self.n_distinct_ // self.min_distinct
        if k_max < 2 and self.n_themes is None:
            return self
        features = matrix[representatives]
        components = min(self.n_components, features.shape[1] - 1, len(representatives) - 1)
        reduced = features.toarray() if components < 2 else TruncatedSVD(
            components, random_state=self.random_state).fit_transform(features)
        reduced = l2_normalize(reduced)
        if self.n_themes is None:
            self.k_, self.k_scores_ = self._choose_k(reduced, k_max)
        else:
            self.k_ = min(self.n_themes, len(representatives))
        if self.k_ < 2:
            return self
        clusters = KMeans(n_clusters=self.k_, n_init=4, random_state=self.random_state).fit_predict(reduced)
        names = vectorizer.get_feature_names_out()
        wordlike = np.array([not n.startswith(_NGRAM_MARK) for n in names])

        def top_terms(members: np.ndarray, n: int) -> list[str]:
            weights = np.asarray(features[members].mean(axis=0)).ravel() * wordlike
            return [names[i] for i in np.argsort(-weights, kind="stable")[:n] if weights[i] > 0]

        clusters = self._merge_split_themes(clusters, [top_terms(clusters == c, 3) for c in range(self.k_)])
        theme_of_group = {}
        for cluster in np.unique(clusters):
            members = np.flatnonzero(clusters == cluster)
            if len(members) < self.min_distinct:
                continue
            centroid = l2_normalize(reduced[members].mean(axis=0, keepdims=True))[0]
            best = members[np.argsort(-(reduced[members] @ centroid), kind="stable")[: self.n_examples]]
            theme = len(self.terms_)
            self.terms_.append(top_terms(members, self.n_terms))
            self.examples_.append([int(np.flatnonzero(self.groups_ == representatives[m])[0]) for m in best])
            theme_of_group.update({int(representatives[m]): theme for m in members})
        self.labels_ = np.array([theme_of_group.get(int(g), -1) for g in self.groups_])
        self._order_by_size()
        return self

    @staticmethod
    def _merge_split_themes(clusters: np.ndarray, tops: list[list[str]]) -> np.ndarray:
        """Clusters that share two of their three top terms are one theme k-means split in parts."""
        pairs = [(a, b) for a in range(len(tops)) for b in range(a + 1, len(tops))
                 if len(set(tops[a]) & set(tops[b])) >= 2]
        return _union_find_groups(len(tops), np.array(pairs, dtype=int).reshape(-1, 2))[clusters]

    def _order_by_size(self) -> None:
        """Number themes from the largest down (ties by first answer), so output reads top-down."""
        sizes = np.bincount(self.labels_[self.labels_ >= 0], minlength=len(self.terms_))
        first = [int(np.flatnonzero(self.labels_ == t)[0]) for t in range(len(self.terms_))]
        order = sorted(range(len(self.terms_)), key=lambda t: (-sizes[t], first[t]))
        rank = {old: new for new, old in enumerate(order)}
        self.terms_ = [self.terms_[t] for t in order]
        self.examples_ = [self.examples_[t] for t in order]
        self.labels_ = np.array([rank.get(int(t), -1) for t in self.labels_])


def theme_records(finder: ThemeFinder, answers: Sequence[object], ids: Sequence[object]) -> list[dict]:
    """One dict per theme: `theme`, `terms`, `size`, `ids` and `examples` (answer texts)."""
    answers, ids = list(answers), list(ids)
    records = []
    for theme, (terms, examples) in enumerate(zip(finder.terms_, finder.examples_)):
        members = np.flatnonzero(finder.labels_ == theme)
        records.append({
            "theme": theme + 1,
            "terms": terms,
            "size": int(len(members)),
            "ids": [ids[i].item() if hasattr(ids[i], "item") else ids[i] for i in members],
            "examples": [str(answers[i]) for i in examples],
        })
    return records


def find_themes(answers: pd.Series, ids: pd.Series | None = None, n_themes: int | None = None,
                segmenter: Segmenter | None = None, random_state: int = 0) -> dict:
    """Themes among the answers as a JSON-ready dict, with how k was chosen."""
    ids = pd.Series(range(len(answers))) if ids is None else ids
    finder = ThemeFinder(n_themes=n_themes, segmenter=segmenter, random_state=random_state).fit(answers.tolist())
    return {
        "answers": finder.n_answers_,
        "distinct_answers": finder.n_distinct_,
        "k": finder.k_,
        "k_method": "given" if n_themes is not None else K_METHOD,
        "k_scores": {str(k): round(v, 4) for k, v in finder.k_scores_.items()},
        "seed": random_state,
        "unthemed": int((finder.labels_ < 0).sum()),
        "themes": theme_records(finder, answers.tolist(), ids.tolist()),
    }
