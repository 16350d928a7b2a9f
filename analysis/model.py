"""The learned layer at coding time: the shipped reason classifier as plain numpy arrays.

Training needs scikit-learn (analysis/learn.py); applying the result does not. A fitted
ReasonClassifier is exported to models/reasons.npz: the character n-gram vocabulary as
integer lookups, its idf weights, and each reason's logistic-regression coefficients. Loading
that takes milliseconds, where unpickling the estimator and importing scikit-learn took a
second; and an .npz holds no code, so it is safe to open and outlives library versions.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from analysis.code import evidence_parts, is_non_answer
from analysis.codebook import OTHER

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "reasons.npz"
log = logging.getLogger(__name__)

# the char analyzer's whitespace rule (sklearn's _VectorizerMixin._white_spaces): runs of two or more become one space
_WHITE_SPACES = re.compile(r"\s\s+")
_BLOCK = 4096  # texts counted and scored together


def tag_matrix(tags: pd.Series, reasons: tuple[str, ...]) -> np.ndarray:
    """One 0/1 column per reason for `|`-joined tag strings."""
    # answers share a few dozen tag strings: split each distinct one once
    codes, distinct = pd.factorize(tags.fillna(OTHER).astype(str))
    rows = np.array([[reason in d.split("|") for reason in reasons] for d in distinct], dtype=float)
    return rows.reshape(len(distinct), len(reasons))[codes]


@dataclass(frozen=True)
class NgramIndex:
    """A char n-gram vocabulary as integer lookups: each n-gram is (id of its first n-1 chars, last char)."""

    unigram_chars: np.ndarray  # code points of the vocabulary's single characters, sorted
    unigram_columns: np.ndarray  # their vocabulary columns
    level_keys: tuple[np.ndarray, ...]  # per n ≥ 2: sorted keys (id of the first n-1 chars × base + last char id)
    level_columns: tuple[np.ndarray, ...]  # per n ≥ 2: vocabulary column of each key

    @classmethod
    def from_vocabulary(cls, vocabulary: dict[str, int]) -> "NgramIndex | None":
        """The lookups for a fitted vocabulary; None when some n-gram's (n-1)-gram parts are not in it."""
        # n-grams are looked up from the (n-1)-grams at i and i+1, so those must be in the vocabulary too:
        # true under min_df (a part occurs in at least as many texts as the whole), not always under max_df
        if not vocabulary or not all(g[:-1] in vocabulary and g[1:] in vocabulary for g in vocabulary if len(g) > 1):
            return None
        unigrams = sorted(g for g in vocabulary if len(g) == 1)
        char_id = {g: i + 1 for i, g in enumerate(unigrams)}
        base = len(unigrams) + 1
        previous, keys_per_level, columns_per_level = char_id, [], []
        for n in range(2, max(map(len, vocabulary)) + 1):
            grams = [g for g in vocabulary if len(g) == n]
            keys = np.array([previous[g[:-1]] * base + char_id[g[-1]] for g in grams], dtype=np.int64)
            order = np.argsort(keys)
            keys_per_level.append(keys[order])
            columns_per_level.append(np.array([vocabulary[grams[i]] for i in order], dtype=np.int64))
            previous = {grams[i]: rank + 1 for rank, i in enumerate(order)}
        return cls(np.array([ord(g) for g in unigrams], dtype=np.int64),
                   np.array([vocabulary[g] for g in unigrams], dtype=np.int64),
                   tuple(keys_per_level), tuple(columns_per_level))

    @functools.cached_property
    def _char_ids(self) -> np.ndarray:
        """Code point → 1-based id of its unigram, 0 when not in the vocabulary."""
        ids = np.zeros(0x110000, dtype=np.int32)
        ids[self.unigram_chars] = np.arange(1, self.unigram_chars.size + 1)
        return ids

    @functools.cached_property
    def _levels(self) -> tuple[pd.Index, ...]:
        """The keys as hash indexes, built on first use."""
        return tuple(pd.Index(keys) for keys in self.level_keys)

    def counts(self, docs: list[str], n_columns: int) -> sp.csr_matrix:
        """How often each vocabulary n-gram occurs in each (already preprocessed) text, as a canonical CSR matrix.

        The texts' code points form one array and each n-gram length is one vectorised lookup.
        """
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
        chars = np.frombuffer("\n".join(docs).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        doc_of = np.repeat(np.arange(len(docs), dtype=np.int32), lengths + 1)[:chars.size]
        char_ids = self._char_ids[chars]
        # the separator after each text gets id 0, like an unseen character, so no n-gram spans two texts
        char_ids[np.cumsum(lengths + 1)[:-1] - 1] = 0
        found = np.flatnonzero(char_ids)
        # one (text, column) pair per n-gram occurrence
        rows, columns = [doc_of[found]], [self.unigram_columns[char_ids[found] - 1]]
        ids, base = char_ids, self.unigram_columns.size + 1
        for n, (keys, level_columns) in enumerate(zip(self._levels, self.level_columns), start=2):
            start = np.flatnonzero((ids[:-1] > 0) & (ids[1:] > 0))
            rank = keys.get_indexer(ids[start].astype(np.int64) * base + char_ids[start + n - 1])
            found, rank = start[rank >= 0], rank[rank >= 0]
            rows.append(doc_of[found])
            columns.append(level_columns[rank])
            ids = np.zeros(chars.size, dtype=np.int32)
            ids[found] = rank + 1
        # COO → CSR groups the pairs by text in one counting pass, then sorts and sums each text's few
        # columns: a third faster than sorting all pairs as one array (same canonical matrix)
        occurrences = sp.coo_matrix((np.ones(sum(map(len, rows))), (np.concatenate(rows), np.concatenate(columns))),
                                    shape=(len(docs), n_columns))
        return occurrences.tocsr()


def _blocks(index: NgramIndex, idf: np.ndarray, texts: list[str], lowercase: bool, sublinear_tf: bool):
    """The TF-IDF rows of texts (what a fitted char TfidfVectorizer with norm l2 gives), a block of texts at a time.

    Blocks of a few thousand texts keep the working arrays in the CPU cache: a third faster than one pass.
    """
    for start in range(0, len(texts), _BLOCK):
        docs = [_WHITE_SPACES.sub(" ", text.lower() if lowercase else text) for text in texts[start:start + _BLOCK]]
        tfidf = index.counts(docs, idf.size)
        if sublinear_tf:
            np.log(tfidf.data, tfidf.data)
            tfidf.data += 1.0
        tfidf.data *= idf[tfidf.indices]
        row_of = np.repeat(np.arange(tfidf.shape[0]), np.diff(tfidf.indptr))
        tfidf.data /= np.sqrt(np.bincount(row_of, weights=tfidf.data ** 2, minlength=tfidf.shape[0]))[row_of]
        yield tfidf


def tfidf_rows(index: NgramIndex, idf: np.ndarray, texts: list[str], lowercase: bool = True,
               sublinear_tf: bool = True) -> sp.csr_matrix:
    """What a fitted char TfidfVectorizer (norm l2) gives for texts, counted with numpy over many texts at once."""
    blocks = list(_blocks(index, idf, texts, lowercase, sublinear_tf))
    return sp.vstack(blocks or [sp.csr_matrix((0, idf.size))], format="csr")


@dataclass(frozen=True)
class ReasonModel:
    """One logistic regression per reason over TF-IDF character n-grams and the codebook's hits, as arrays."""

    reasons: tuple[str, ...]
    threshold: float
    hit_weight: float
    cancel_weight: float
    index: NgramIndex
    idf: np.ndarray  # per n-gram column
    ngram_coef: np.ndarray  # reasons × n-gram columns
    verdict_coef: np.ndarray  # reasons × reasons: the weight of the codebook's verdict on each reason in each model
    intercept: np.ndarray  # per reason
    lowercase: bool = True
    sublinear_tf: bool = True

    def ngram_scores(self, texts: list[str]) -> np.ndarray:
        """Each text's n-gram part of every reason's score (its TF-IDF row times the coefficients), texts × reasons.

        It depends on the text alone, so it can be worked out while the codebook codes the same answers.
        """
        weights = np.ascontiguousarray(self.ngram_coef.T)
        # scored block by block: the n-gram matrix of all answers is never held at once
        blocks = [tfidf @ weights for tfidf in _blocks(self.index, self.idf, list(texts), self.lowercase,
                                                       self.sublinear_tf)]
        return np.vstack(blocks or [np.zeros((0, len(self.reasons)))])

    def predict_proba(self, texts: list[str], rule_tags: pd.Series, rule_cancelled: pd.Series,
                      ngram_scores: np.ndarray | None = None) -> pd.DataFrame:
        """Probability of each reason per (normalized) answer, given the codebook's tags for it and the reasons
        it found only praised, denied, voided or waved off (and the texts' ngram_scores when already worked out)."""
        if ngram_scores is None:
            ngram_scores = self.ngram_scores(texts)
        # per reason: +hit_weight for a codebook hit, -cancel_weight for cancelled evidence, 0 when it said nothing
        verdicts = (tag_matrix(pd.Series(list(rule_tags)), self.reasons) * self.hit_weight
                    - tag_matrix(pd.Series(list(rule_cancelled)), self.reasons) * self.cancel_weight)
        scores = ngram_scores + verdicts @ self.verdict_coef.T
        scores += self.intercept
        return pd.DataFrame(1.0 / (1.0 + np.exp(-scores)), columns=list(self.reasons))

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

    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz (arrays only, no pickled objects)."""
        levels = {f"level_keys_{n}": keys for n, keys in enumerate(self.index.level_keys, start=2)}
        levels |= {f"level_columns_{n}": cols for n, cols in enumerate(self.index.level_columns, start=2)}
        np.savez_compressed(
            path, reasons=np.array(self.reasons), threshold=self.threshold, hit_weight=self.hit_weight,
            cancel_weight=self.cancel_weight,
            lowercase=self.lowercase, sublinear_tf=self.sublinear_tf, unigram_chars=self.index.unigram_chars,
            unigram_columns=self.index.unigram_columns, idf=self.idf, ngram_coef=self.ngram_coef,
            verdict_coef=self.verdict_coef, intercept=self.intercept, **levels)

    @classmethod
    def read(cls, path: Path) -> "ReasonModel":
        """A model written by save."""
        with np.load(path, allow_pickle=False) as arrays:
            levels = range(2, 2 + sum(name.startswith("level_keys_") for name in arrays.files))
            index = NgramIndex(arrays["unigram_chars"], arrays["unigram_columns"],
                               tuple(arrays[f"level_keys_{n}"] for n in levels),
                               tuple(arrays[f"level_columns_{n}"] for n in levels))
            return cls(tuple(str(r) for r in arrays["reasons"]), float(arrays["threshold"]),
                       float(arrays["hit_weight"]), float(arrays["cancel_weight"]), index, arrays["idf"],
                       arrays["ngram_coef"], arrays["verdict_coef"], arrays["intercept"], bool(arrays["lowercase"]),
                       bool(arrays["sublinear_tf"]))


@functools.cache
def load_model(path: Path = MODEL_PATH) -> ReasonModel | None:
    """The shipped classifier, or None (rules only) when it is missing or unreadable."""
    if not path.exists():
        return None
    try:
        return ReasonModel.read(path)
    except Exception as error:  # a damaged or foreign file: fall back to rules
        log.warning("learned layer not used: %s cannot be read (%s)", path.name, error)
        return None


def distinct_answers(normalized: pd.Series) -> np.ndarray:
    """The distinct normalized answers in order of first appearance: the rows refine_codes scores."""
    return pd.unique(normalized.astype("object").to_numpy())


def refine_codes(normalized: pd.Series, coded: pd.DataFrame, model: ReasonModel,
                 ngram_scores: np.ndarray | None = None) -> pd.DataFrame:
    """The classifier's tags plus the codebook's for reasons it never learned; evidence as the codebook found it.

    `ngram_scores`: model.ngram_scores of distinct_answers(normalized), when worked out beforehand.
    """
    texts = normalized.astype("object")
    # the codebook's verdicts depend on the text alone, so each distinct answer is classified once
    verdicts = coded[["tags", "cancelled", "evidence"]].groupby(texts.values, sort=False).first()
    rule_tags = verdicts["tags"]
    if ngram_scores is not None and len(ngram_scores) != len(verdicts):
        ngram_scores = None  # not scored for these answers: score them here
    proba = model.predict_proba(verdicts.index.tolist(), rule_tags, verdicts["cancelled"],
                                ngram_scores).set_axis(verdicts.index)
    decided = model.tags_from_proba(proba)
    # reasons the model never learned (one a researcher just added) stay as the codebook coded them
    known = {*model.reasons, OTHER}
    # decided per distinct tag string (a few dozen), so answers with only known reasons cost nothing here
    unknown = {tags: {t for t in tags.split("|") if t not in known} for tags in pd.unique(rule_tags.values)}
    for text, tags in rule_tags[rule_tags.map(lambda tags: bool(unknown[tags]))].items():
        decided[text] = "|".join(sorted(unknown[tags] | set(decided[text].split("|")) - {OTHER}))
    # an answer that says nothing (无, 没有, 不知道) stays `other`: the model may not read a reason into it
    said_nothing = verdicts["evidence"].map(is_non_answer).to_numpy()
    decided[said_nothing] = OTHER

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
