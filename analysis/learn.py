"""The learned layer: a classifier over character n-grams plus the codebook's own hits.

The codebook is precise but misses wording it has never seen; the classifier, trained on the
hand-labeled examples in training/examples/, weighs the codebook's hits together with the
answer's characters and decides each reason on its own (multi-label).
"""

from __future__ import annotations

import functools
import logging
import re
import warnings
import weakref
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from analysis.code import evidence_parts
from analysis.codebook import OTHER

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "reasons.joblib"
TRAINING = Path(__file__).resolve().parent.parent / "training" / "examples"
log = logging.getLogger(__name__)


def _tag_matrix(tags: pd.Series, reasons: tuple[str, ...]) -> np.ndarray:
    """One 0/1 column per reason for `|`-joined tag strings."""
    # answers share a few dozen tag strings: split each distinct one once
    codes, distinct = pd.factorize(tags.fillna(OTHER).astype(str))
    rows = np.array([[reason in d.split("|") for reason in reasons] for d in distinct], dtype=float)
    return rows.reshape(len(distinct), len(reasons))[codes]


# the char analyzer's whitespace rule (sklearn's _VectorizerMixin._white_spaces): runs of two or more become one space
_WHITE_SPACES = re.compile(r"\s\s+")
_BLOCK = 4096  # texts counted together by char_ngram_tfidf


@dataclass(frozen=True)
class _NgramIndex:
    """A fitted char n-gram vocabulary as integer lookups: each n-gram is (id of its first n-1 chars, last char)."""

    char_ids: np.ndarray  # code point → 1-based id of the unigram, 0 when not in the vocabulary
    unigram_columns: np.ndarray  # unigram id - 1 → vocabulary column
    levels: tuple[tuple[pd.Index, np.ndarray], ...]  # per n ≥ 2: (sorted keys, column per key)


# per vectorizer: the vocabulary it was built from (a refit replaces it) and the index, None when not closed
_NGRAM_INDEXES: "weakref.WeakKeyDictionary[TfidfVectorizer, tuple[dict, _NgramIndex | None]]" = weakref.WeakKeyDictionary()


def _fast_path_applies(vectorizer: TfidfVectorizer) -> bool:
    """Whether the vectorizer's settings are the ones char_ngram_tfidf reproduces."""
    return (vectorizer.analyzer == "char" and vectorizer.input == "content" and vectorizer.preprocessor is None
            and vectorizer.strip_accents is None and not vectorizer.binary and vectorizer.use_idf
            and vectorizer.dtype == np.float64 and vectorizer.ngram_range[0] == 1)


def _ngram_index(vectorizer: TfidfVectorizer) -> _NgramIndex | None:
    """The fitted vocabulary as integer lookups (built once per fit); None when char_ngram_tfidf cannot use it."""
    if not _fast_path_applies(vectorizer):
        return None
    vocabulary = vectorizer.vocabulary_
    cached = _NGRAM_INDEXES.get(vectorizer)
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    # n-grams are looked up from the (n-1)-grams at i and i+1, so those must be in the vocabulary too:
    # true under min_df (a part occurs in at least as many texts as the whole), not always under max_df
    closed = all(g[:-1] in vocabulary and g[1:] in vocabulary for g in vocabulary if len(g) > 1)
    index = None
    if closed and vocabulary:
        unigrams = sorted(g for g in vocabulary if len(g) == 1)
        char_ids = np.zeros(0x110000, dtype=np.int32)
        char_ids[[ord(g) for g in unigrams]] = np.arange(1, len(unigrams) + 1)
        base = len(unigrams) + 1
        previous = {g: i + 1 for i, g in enumerate(unigrams)}
        levels = []
        for n in range(2, max(map(len, vocabulary)) + 1):
            grams = [g for g in vocabulary if len(g) == n]
            keys = np.array([previous[g[:-1]] * base + char_ids[ord(g[-1])] for g in grams], dtype=np.int64)
            order = np.argsort(keys)
            levels.append((pd.Index(keys[order]), np.array([vocabulary[grams[i]] for i in order], dtype=np.int64)))
            previous = {grams[i]: rank + 1 for rank, i in enumerate(order)}
        index = _NgramIndex(char_ids, np.array([vocabulary[g] for g in unigrams], dtype=np.int64), tuple(levels))
    _NGRAM_INDEXES[vectorizer] = (vocabulary, index)
    return index


def _ngram_counts(index: _NgramIndex, docs: list[str], n_columns: int) -> sp.csr_matrix:
    """How often each vocabulary n-gram occurs in each (already preprocessed) text, as a canonical CSR matrix."""
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    chars = np.frombuffer("\n".join(docs).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths + 1)[:chars.size]
    char_ids = index.char_ids[chars]
    # the separator after each text gets id 0, like an unseen character, so no n-gram spans two texts
    char_ids[np.cumsum(lengths + 1)[:-1] - 1] = 0
    found = np.flatnonzero(char_ids)
    # one int64 per n-gram occurrence: text * vocabulary size + column, so sorting orders them as CSR does
    cells = [doc_of[found] * n_columns + index.unigram_columns[char_ids[found] - 1]]
    ids, base = char_ids, index.unigram_columns.size + 1
    for n, (keys, level_columns) in enumerate(index.levels, start=2):
        start = np.flatnonzero((ids[:-1] > 0) & (ids[1:] > 0))
        rank = keys.get_indexer(ids[start].astype(np.int64) * base + char_ids[start + n - 1])
        found, rank = start[rank >= 0], rank[rank >= 0]
        cells.append(doc_of[found] * n_columns + level_columns[rank])
        ids = np.zeros(chars.size, dtype=np.int32)
        ids[found] = rank + 1
    cells = np.concatenate(cells)
    cells.sort()
    first = np.flatnonzero(np.r_[True, cells[1:] != cells[:-1]]) if cells.size else np.zeros(0, dtype=np.int64)
    counts = np.diff(first, append=cells.size).astype(np.float64)
    cells = cells[first]
    indptr = np.searchsorted(cells, np.arange(len(docs) + 1) * n_columns)
    columns = cells - np.repeat(np.arange(len(docs)) * n_columns, np.diff(indptr))
    return sp.csr_matrix((counts, columns, indptr), shape=(len(docs), n_columns))


def char_ngram_tfidf(vectorizer: TfidfVectorizer, texts: list[str]) -> sp.csr_matrix:
    """What a fitted char TfidfVectorizer.transform gives, counted with numpy over many texts at once.

    transform counts n-grams in a Python loop per text (seconds on 80k answers); here a block
    of texts' code points form one array and each n-gram length is one vectorised lookup. The
    counts then go through the same sublinear tf, idf and norm steps as scikit-learn's, so the
    result is the same matrix; settings this does not reproduce use the vectorizer itself.
    """
    index = _ngram_index(vectorizer)
    if index is None or not all(isinstance(text, str) for text in texts):
        return vectorizer.transform(texts)
    docs = [_WHITE_SPACES.sub(" ", text.lower() if vectorizer.lowercase else text) for text in texts]
    n_columns = len(vectorizer.vocabulary_)
    # blocks of a few thousand texts keep the working arrays in cache: a third faster than one pass
    tfidf = sp.vstack([_ngram_counts(index, docs[i:i + _BLOCK], n_columns) for i in range(0, len(docs), _BLOCK)]
                      or [sp.csr_matrix((0, n_columns))], format="csr")
    if vectorizer.sublinear_tf:
        np.log(tfidf.data, tfidf.data)
        tfidf.data += 1.0
    tfidf.data *= vectorizer.idf_[tfidf.indices]
    # scikit-learn's normalize refuses zero rows, where there is nothing to scale anyway
    return normalize(tfidf, norm=vectorizer.norm, copy=False) if vectorizer.norm and texts else tfidf


class ReasonClassifier(BaseEstimator):
    """One logistic regression per reason over TF-IDF character n-grams and the codebook's verdicts.

    X is a DataFrame with `text` (normalized answers), `rule_tags` (the codebook's tags) and
    `rule_cancelled` (reasons the codebook found only praised, denied, voided or waved off);
    y is the gold `|`-joined tags. The defaults (C=8, threshold 0.4) won 5-fold
    cross-validation on training/examples (macro-F1 0.744 against 0.714 for C=4 at 0.5).
    """

    def __init__(self, C: float = 8.0, ngram_range: tuple[int, int] = (1, 3), hit_weight: float = 3.0,
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
        verdicts = (_tag_matrix(X["rule_tags"], self.reasons_) * self.hit_weight
                    - _tag_matrix(X["rule_cancelled"], self.reasons_) * self.cancel_weight)
        return char_ngram_tfidf(self.vectorizer_, X["text"].tolist()), verdicts

    def fit(self, X: pd.DataFrame, y: pd.Series) -> "ReasonClassifier":
        """Learn one model per reason named in y (never `other`, which is the absence of all)."""
        found = sorted({t for tags in y.astype(str) for t in tags.split("|")} - {OTHER})
        self.reasons_ = tuple(found)
        self.vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=self.ngram_range, min_df=2,
                                           sublinear_tf=True).fit(X["text"])
        features = sp.hstack([sp.csr_matrix(block) for block in self._features(X)]).tocsr()
        targets = _tag_matrix(y, self.reasons_)
        self.models_ = {
            reason: LogisticRegression(C=self.C, class_weight="balanced", solver="liblinear", dual=True,
                                       max_iter=5000, random_state=self.random_state).fit(features, targets[:, i])
            for i, reason in enumerate(self.reasons_)
        }
        return self

    def predict_proba(self, X: pd.DataFrame) -> pd.DataFrame:
        """Probability of each reason per answer."""
        ngrams, verdicts = self._features(X)
        coef = np.vstack([model.coef_[0] for model in self.models_.values()])
        # one product for all reasons; the verdicts are added after the n-grams, in the order each model's
        # own predict_proba sums its feature row, so the probabilities match (bit for bit with this scipy)
        scores = ngrams @ np.ascontiguousarray(coef[:, :ngrams.shape[1]].T)
        for column, weights in zip(verdicts.T, coef[:, ngrams.shape[1]:].T):
            scores += column[:, None] * weights
        scores += np.array([model.intercept_[0] for model in self.models_.values()])
        return pd.DataFrame(expit(scores), index=X.index, columns=list(self.models_))

    def tags_from_proba(self, proba: pd.DataFrame) -> pd.Series:
        """Sorted `|`-joined tags for probabilities from predict_proba; `other` when none passes."""
        reasons = sorted(proba.columns)
        chosen = (proba[reasons] >= self.threshold).to_numpy()
        # answers fall into a few dozen combinations of reasons: name each combination once
        which = np.zeros(len(chosen), dtype=np.int64)
        for column in chosen.T:  # numbered column by column, so any number of reasons fits in an int64
            which = pd.factorize(which * 2 + column)[0]
        first = np.unique(which, return_index=True)[1]
        names = np.array(["|".join(r for r, on in zip(reasons, row) if on) or OTHER
                          for row in chosen[first].tolist()], dtype=object)
        return pd.Series(names[which], index=proba.index, dtype="object")

    def predict(self, X: pd.DataFrame) -> pd.Series:
        """Sorted `|`-joined tags per answer; `other` when no reason passes the threshold."""
        return self.tags_from_proba(self.predict_proba(X))


def training_examples(directory: Path = TRAINING, with_source: bool = False) -> pd.DataFrame:
    """Every labeled example under training/examples as `text` and `tags` (and `source_file`)."""
    frames = [pd.read_csv(path, dtype=str)[["text", "tags"]].assign(source_file=path.stem)
              for path in sorted(directory.glob("*.csv"))]
    examples = pd.concat(frames, ignore_index=True).dropna(subset=["text", "tags"]).reset_index(drop=True)
    return examples if with_source else examples[["text", "tags"]]


@functools.cache
def load_model(path: Path = MODEL_PATH) -> ReasonClassifier | None:
    """The shipped classifier, or None (rules only) when it is missing or was built by another scikit-learn."""
    if not path.exists():
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return joblib.load(path)
    except Exception as error:  # an unpicklable or version-mismatched file: fall back to rules
        log.warning("learned layer not used: %s cannot be loaded (%s)", path.name, error)
        return None


def refine_codes(normalized: pd.Series, coded: pd.DataFrame, model: ReasonClassifier) -> pd.DataFrame:
    """The classifier's tags plus the codebook's for reasons it never learned; evidence as the codebook found it."""
    texts = normalized.astype("object")
    # the codebook's verdicts depend on the text alone, so each distinct answer is classified once
    verdicts = coded[["tags", "cancelled"]].groupby(texts.values, sort=False).first()
    rule_tags = verdicts["tags"]
    X = pd.DataFrame({"text": verdicts.index, "rule_tags": rule_tags.values,
                      "rule_cancelled": verdicts["cancelled"].values}, index=verdicts.index)
    proba = model.predict_proba(X)
    decided = model.tags_from_proba(proba)
    # reasons the model never learned (one a researcher just added) stay as the codebook coded them
    known = {*model.reasons_, OTHER}
    # decided per distinct tag string (a few dozen), so answers with only known reasons cost nothing here
    unknown = {tags: {t for t in tags.split("|") if t not in known} for tags in pd.unique(rule_tags.values)}
    for text, tags in rule_tags[rule_tags.map(lambda tags: bool(unknown[tags]))].items():
        decided[text] = "|".join(sorted(unknown[tags] | set(decided[text].split("|")) - {OTHER}))

    answer = rule_tags.index.get_indexer(texts)
    tags = decided.to_numpy()[answer]
    return pd.DataFrame({"tags": tags, "evidence": _refined_evidence(tags, coded["evidence"].to_numpy(),
                                                                     proba.to_numpy()[answer], list(proba.columns))},
                        index=coded.index).astype("object")


def _refined_evidence(tags: np.ndarray, old: np.ndarray, proba: np.ndarray, reasons: list[str]) -> np.ndarray:
    """Per answer: the codebook's evidence for the tags kept, then `reason: p=0.87 (model)` for the model's own."""
    # the codebook's part depends on the tags and the old evidence alone: a few thousand distinct pairs
    tag_code, tag_values = pd.factorize(tags, use_na_sentinel=False)
    old_code, old_values = pd.factorize(old, use_na_sentinel=False)
    pair, pairs = pd.factorize(tag_code * len(old_values) + old_code)
    kept_parts, model_tags = [], []
    for key in pairs.tolist():
        chosen = tag_values[key // len(old_values)].split("|")
        kept = {reason: items for reason, items in evidence_parts(old_values[key % len(old_values)]).items()
                if reason in chosen}
        kept_parts.append([f"{reason}: {items}" for reason, items in kept.items()])
        model_tags.append([(t, reasons.index(t)) for t in chosen if t != OTHER and t not in kept])
    evidence = np.array(["; ".join(parts) for parts in kept_parts] or [""], dtype=object)[pair]
    # only answers with a tag the codebook had no words for need their own probabilities
    for row in np.flatnonzero(np.array([bool(m) for m in model_tags] or [False])[pair]).tolist():
        parts = kept_parts[pair[row]]
        evidence[row] = "; ".join(parts + [f"{t}: p={proba[row, j]:.2f} (model)" for t, j in model_tags[pair[row]]])
    return evidence
