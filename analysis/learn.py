"""The learned layer's training: a classifier over character n-grams plus the codebook's own hits.

The codebook is precise but misses wording it has never seen; the classifier, trained on the
hand-labeled examples in training/examples/, weighs the codebook's hits together with the
answer's characters and decides each reason on its own (multi-label). scripts/train_reasons.py
fits it and exports it as arrays (analysis/model.py), which is what coding loads.
"""

from __future__ import annotations

import weakref
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from analysis.codebook import OTHER
from analysis.model import NgramIndex, ReasonModel, tag_matrix, tfidf_rows

TRAINING = Path(__file__).resolve().parent.parent / "training" / "examples"

# per vectorizer: the vocabulary it was built from (a refit replaces it) and the index, None when not closed
_NGRAM_INDEXES: "weakref.WeakKeyDictionary[TfidfVectorizer, tuple[dict, NgramIndex | None]]" = weakref.WeakKeyDictionary()


def _fast_path_applies(vectorizer: TfidfVectorizer) -> bool:
    """Whether the vectorizer's settings are the ones tfidf_rows reproduces."""
    return (vectorizer.analyzer == "char" and vectorizer.input == "content" and vectorizer.preprocessor is None
            and vectorizer.strip_accents is None and not vectorizer.binary and vectorizer.use_idf
            and vectorizer.dtype == np.float64 and vectorizer.ngram_range[0] == 1 and vectorizer.norm == "l2")


def _ngram_index(vectorizer: TfidfVectorizer) -> NgramIndex | None:
    """The fitted vocabulary as integer lookups (built once per fit); None when tfidf_rows cannot use it."""
    if not _fast_path_applies(vectorizer):
        return None
    vocabulary = vectorizer.vocabulary_
    cached = _NGRAM_INDEXES.get(vectorizer)
    if cached is None or cached[0] is not vocabulary:
        cached = _NGRAM_INDEXES[vectorizer] = (vocabulary, NgramIndex.from_vocabulary(vocabulary))
    return cached[1]


def char_ngram_tfidf(vectorizer: TfidfVectorizer, texts: list[str]) -> sp.csr_matrix:
    """What a fitted char TfidfVectorizer.transform gives, counted with numpy over many texts at once.

    transform counts n-grams in a Python loop per text (seconds on 80k answers); tfidf_rows makes
    a block of texts' code points one array and each n-gram length one vectorised lookup, then
    applies the same sublinear tf, idf and norm steps. Settings it does not reproduce use the
    vectorizer itself.
    """
    index = _ngram_index(vectorizer)
    if index is None or not all(isinstance(text, str) for text in texts):
        return vectorizer.transform(texts)
    return tfidf_rows(index, vectorizer.idf_, texts, vectorizer.lowercase, vectorizer.sublinear_tf)


class ReasonClassifier(BaseEstimator):
    """One logistic regression per reason over TF-IDF character n-grams and the codebook's verdicts.

    X is a DataFrame with `text` (normalized answers), `rule_tags` (the codebook's tags) and
    `rule_cancelled` (reasons the codebook found only praised, denied, voided or waved off);
    y is the gold `|`-joined tags. The defaults (C=32, threshold 0.4) won 5-fold
    cross-validation on the 15,215 training examples (macro-F1 0.809 against 0.794 / 0.802 /
    0.806 for C=4 / 8 / 16; C=64 gains 0.001 at twice the fit time; thresholds 0.35 and 0.5 lose).
    """

    def __init__(self, C: float = 32.0, ngram_range: tuple[int, int] = (1, 3), hit_weight: float = 3.0,
                 cancel_weight: float = 3.0, threshold: float = 0.4, random_state: int = 0) -> None:
        self.C = C
        self.ngram_range = ngram_range
        self.hit_weight = hit_weight
        self.cancel_weight = cancel_weight
        self.threshold = threshold
        self.random_state = random_state

    def _features(self, X: pd.DataFrame) -> tuple[sp.csr_matrix, np.ndarray]:
        """N-gram features and, per reason, the codebook's verdict: +hit_weight for a hit, -cancel_weight
        when it named the reason only to praise, deny, void or wave it off, 0 when it said nothing."""
        verdicts = (tag_matrix(X["rule_tags"], self.reasons_) * self.hit_weight
                    - tag_matrix(X["rule_cancelled"], self.reasons_) * self.cancel_weight)
        return char_ngram_tfidf(self.vectorizer_, X["text"].tolist()), verdicts

    def fit(self, X: pd.DataFrame, y: pd.Series) -> "ReasonClassifier":
        """Learn one model per reason named in y (never `other`, which is the absence of all)."""
        found = sorted({t for tags in y.astype(str) for t in tags.split("|")} - {OTHER})
        self.reasons_ = tuple(found)
        self.vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=self.ngram_range, min_df=2,
                                           sublinear_tf=True).fit(X["text"])
        features = sp.hstack([sp.csr_matrix(block) for block in self._features(X)]).tocsr()
        targets = tag_matrix(y, self.reasons_)
        self.models_ = {
            reason: LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear", dual=True,
                                       max_iter=5000, random_state=self.random_state).fit(features, targets[:, i])
            for i, reason in enumerate(self.reasons_)
        }
        return self

    def to_model(self) -> ReasonModel:
        """The fitted classifier as arrays (what models/reasons.npz holds and coding loads)."""
        index = _ngram_index(self.vectorizer_)
        if index is None:
            raise ValueError("the n-gram vocabulary cannot be exported: every n-gram's parts must be in it (min_df)")
        coef = np.vstack([model.coef_[0] for model in self.models_.values()])
        n_grams = len(self.vectorizer_.vocabulary_)
        return ReasonModel(self.reasons_, float(self.threshold), float(self.hit_weight), float(self.cancel_weight),
                           index, self.vectorizer_.idf_, coef[:, :n_grams], coef[:, n_grams:],
                           np.array([model.intercept_[0] for model in self.models_.values()]),
                           bool(self.vectorizer_.lowercase), bool(self.vectorizer_.sublinear_tf))

    def predict_proba(self, X: pd.DataFrame) -> pd.DataFrame:
        """Probability of each reason per answer, computed as the exported model computes it."""
        return self.to_model().predict_proba(X["text"].tolist(), X["rule_tags"], X["rule_cancelled"]).set_axis(X.index)

    def tags_from_proba(self, proba: pd.DataFrame) -> pd.Series:
        """Sorted `|`-joined tags for probabilities from predict_proba; `other` when none passes."""
        return self.to_model().tags_from_proba(proba)

    def predict(self, X: pd.DataFrame) -> pd.Series:
        """Sorted `|`-joined tags per answer; `other` when no reason passes the threshold."""
        return self.tags_from_proba(self.predict_proba(X))


def training_examples(directory: Path = TRAINING, with_source: bool = False) -> pd.DataFrame:
    """Every labeled example under training/examples as `text` and `tags` (and `source_file`)."""
    frames = [pd.read_csv(path, dtype=str)[["text", "tags"]].assign(source_file=path.stem)
              for path in sorted(directory.glob("*.csv"))]
    examples = pd.concat(frames, ignore_index=True).dropna(subset=["text", "tags"]).reset_index(drop=True)
    return examples if with_source else examples[["text", "tags"]]
