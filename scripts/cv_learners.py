"""Compare learned layers by 5-fold cross-validation on training/examples only (never the eval sets).

Run from the repository root:
    python scripts/cv_learners.py [--only NAME ...] [--seeds 0 1 2] [--folds 5] [--no-timing]
Every candidate sees the folds of scripts/cv_reasons.py (stratified by source file; seed 0) or
reshuffled ones (other seeds, figures averaged) and the codebook's tags as features; each prints
macro-F1 and per-tag F1 on out-of-fold predictions at its threshold (0.4 unless it picks one by
inner CV), its fit time on all 3.7k examples and its predict_proba time on 77k distinct corpus reviews
(../shared/corpora; the time is for this script's scikit-learn transform, not the app's fast path).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from analysis.codebook import OTHER, REASON_ORDER  # noqa: E402
from analysis.evaluate import score_tags  # noqa: E402
from analysis.learn import ReasonClassifier  # noqa: E402
from analysis.model import tag_matrix as _tag_matrix  # noqa: E402
from analysis.normalize import normalize_answers  # noqa: E402
from cv_reasons import coded_examples  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"


def tags_at(proba: pd.DataFrame, threshold: float, fallback: float | None = None) -> pd.Series:
    """`|`-joined tags passing the threshold; with `fallback`, the top reason when it alone passes that lower bar."""
    values = proba.to_numpy()
    chosen = values >= threshold
    if fallback is not None:
        none = ~chosen.any(axis=1) & (values.max(axis=1) >= fallback)
        chosen[none, values[none].argmax(axis=1)] = True
    names = list(proba.columns)
    return pd.Series(["|".join(sorted(n for n, on in zip(names, row) if on)) or OTHER for row in chosen.tolist()],
                     index=proba.index)


CLAUSE_BREAKS = re.compile(r"[\s,.!?;:，。！？；：、~～…（）()【】\[\]\"“”'‘’/]+")


def clauses_spaced(text: str) -> str:
    """Punctuation turned into spaces, so char_wb n-grams stay inside a clause and mark its edges."""
    return CLAUSE_BREAKS.sub(" ", text.lower())


def chars_and_gapped_pairs(text: str) -> list[str]:
    """Char 1–3-grams plus pairs one character apart (不_便, 太_贵), which bridge degree words and fillers."""
    grams = [text[i:i + n] for n in (1, 2, 3) for i in range(len(text) - n + 1)]
    return grams + [f"{text[i]}_{text[i + 2]}" for i in range(len(text) - 2)]


class Members(BaseEstimator):
    """Several candidates side by side: columns `reason@i` for stacking."""

    def __init__(self, members=()):
        self.members = members

    def fit(self, X, y):
        """Fit every member."""
        self.fitted_ = [clone(m).fit(X, y) for m in self.members]
        self.reasons_ = self.fitted_[0].reasons_
        return self

    def predict_proba(self, X):
        """Every member's probabilities, side by side."""
        return pd.concat([m.predict_proba(X).add_suffix(f"@{i}") for i, m in enumerate(self.fitted_)], axis=1)


class ClauseMax(BaseEstimator):
    """A document model applied to each clause alone; per reason the highest clause probability."""

    def __init__(self, base=None):
        self.base = base

    def fit(self, X, y):
        """Fit the document model."""
        self.base_ = clone(self.base).fit(X, y)
        self.reasons_ = self.base_.reasons_
        return self

    def predict_proba(self, X):
        """Per answer and reason, the highest probability over its clauses (clauses keep the answer's hits)."""
        parts = X["text"].map(lambda t: [c for c in CLAUSE_BREAKS.split(t) if len(c) >= 2] or [t])
        owner = np.repeat(np.arange(len(X)), parts.map(len).to_numpy())
        clauses = pd.DataFrame({"text": [c for p in parts for c in p],
                                "rule_tags": X["rule_tags"].to_numpy()[owner],
                                "rule_cancelled": X["rule_cancelled"].to_numpy()[owner]})
        proba = self.base_.predict_proba(clauses)
        return proba.groupby(owner).max().set_axis(X.index).add_suffix("@max")


class Linear(BaseEstimator):
    """One linear model per reason over a configurable char n-gram vectorizer plus weighted codebook hits.

    kind: "lr" (logistic regression), "nblr" (features scaled by each reason's NB log-count ratio,
    Wang & Manning 2012), "svm" (LinearSVC, decision value squashed to (0, 1)), "sgd" (modified_huber).
    """

    def __init__(self, kind="lr", C=8.0, balanced=True, analyzer="char", ngram_range=(1, 3), min_df=2,
                 max_df=1.0, binary=False, sublinear_tf=True, use_idf=True, hit_weight=3.0, nb_alpha=1.0,
                 written_weight=1.0, preprocessor=None):
        self.kind, self.C, self.analyzer, self.ngram_range = kind, C, analyzer, ngram_range
        self.min_df, self.max_df, self.binary, self.sublinear_tf = min_df, max_df, binary, sublinear_tf
        self.use_idf, self.hit_weight, self.nb_alpha = use_idf, hit_weight, nb_alpha
        self.written_weight, self.preprocessor, self.balanced = written_weight, preprocessor, balanced

    def fit(self, X, y):
        """One model per reason named in y; written answers weighted by written_weight when X has source_file."""
        self.reasons_ = tuple(sorted({t for tags in y.astype(str) for t in tags.split("|")} - {OTHER}))
        self.vectorizer_ = TfidfVectorizer(analyzer=self.analyzer, preprocessor=self.preprocessor,
                                           ngram_range=self.ngram_range, min_df=self.min_df, max_df=self.max_df,
                                           binary=self.binary, sublinear_tf=self.sublinear_tf, use_idf=self.use_idf)
        grams = self.vectorizer_.fit_transform(X["text"])
        targets = _tag_matrix(y, self.reasons_)
        weight = None
        if self.written_weight != 1.0 and "source_file" in X:
            weight = np.where(X["source_file"].str.startswith("written"), self.written_weight, 1.0)
        self.ratios_, self.models_ = {}, {}
        for i, reason in enumerate(self.reasons_):
            if self.kind in ("nblr", "nblr-shared"):
                present = (grams > 0).astype(float)
                p = self.nb_alpha + np.asarray(present[targets[:, i] == 1].sum(axis=0)).ravel()
                q = self.nb_alpha + np.asarray(present[targets[:, i] == 0].sum(axis=0)).ravel()
                self.ratios_[reason] = np.log((p / p.sum()) / (q / q.sum()))
            features = self._features(grams, X, reason)
            self.models_[reason] = self._model().fit(features, targets[:, i], sample_weight=weight)
        return self

    def _model(self):
        """A fresh binary classifier of this kind."""
        if self.kind in ("lr", "nblr", "nblr-shared"):
            return LogisticRegression(C=self.C, class_weight="balanced" if self.balanced else None,
                                      solver="liblinear", dual=True, max_iter=5000, random_state=0)
        if self.kind == "svm":
            return LinearSVC(C=self.C, class_weight="balanced", max_iter=20000, random_state=0)
        return SGDClassifier(loss="modified_huber", alpha=self.C, class_weight="balanced", max_iter=50,
                             tol=None, random_state=0)

    def _features(self, grams, X, reason):
        """The n-gram matrix as this kind sees it for one reason, beside the weighted codebook hits."""
        if self.kind == "nblr":
            grams = grams @ sp.diags(self.ratios_[reason])
        elif self.kind == "nblr-shared":
            # binary tf-idf rebuilt from the shared TF-IDF matrix, so one transform serves both models
            present = normalize((grams > 0).astype(float) @ sp.diags(self.vectorizer_.idf_))
            grams = present @ sp.diags(self.ratios_[reason])
        hits = _tag_matrix(X["rule_tags"], self.reasons_) * self.hit_weight
        return sp.hstack([grams, sp.csr_matrix(hits)]).tocsr()

    def predict_proba(self, X):
        """Probability of each reason per answer."""
        grams = self.vectorizer_.transform(X["text"])
        out = {}
        for reason, model in self.models_.items():
            features = self._features(grams, X, reason)
            if self.kind in ("lr", "nblr", "nblr-shared"):
                out[reason] = model.predict_proba(features)[:, 1]
            elif self.kind == "svm":
                out[reason] = 1 / (1 + np.exp(-2 * model.decision_function(features)))
            else:
                out[reason] = model.predict_proba(features)[:, 1]
        return pd.DataFrame(out, index=X.index)


class SharedBlend(Linear):
    """The mean of LR and NB-LR per reason on one TF-IDF transform (the deployable 'avg lr + nblr-shared')."""

    def __init__(self, C=8.0, nb_C=4.0):
        super().__init__(C=C)
        self.nb_C = nb_C

    def fit(self, X, y):
        """The shipped LR, then NB-LR on the same vocabulary's binary tf-idf."""
        self.lr_ = Linear(C=self.C).fit(X, y)
        self.nb_ = Linear(kind="nblr-shared", C=self.nb_C)
        self.nb_.vectorizer_ = self.lr_.vectorizer_
        grams = self.lr_.vectorizer_.transform(X["text"])
        targets = _tag_matrix(y, self.lr_.reasons_)
        self.reasons_, self.nb_.reasons_ = self.lr_.reasons_, self.lr_.reasons_
        present = (grams > 0).astype(float)
        self.nb_.ratios_, self.nb_.models_ = {}, {}
        for i, reason in enumerate(self.reasons_):
            p = 1 + np.asarray(present[targets[:, i] == 1].sum(axis=0)).ravel()
            q = 1 + np.asarray(present[targets[:, i] == 0].sum(axis=0)).ravel()
            self.nb_.ratios_[reason] = np.log((p / p.sum()) / (q / q.sum()))
            self.nb_.models_[reason] = self.nb_._model().fit(self.nb_._features(grams, X, reason), targets[:, i])
        return self

    def predict_proba(self, X):
        """Both models' logits from one transform: NB ratios folded into the coefficients, one product each."""
        grams = self.lr_.vectorizer_.transform(X["text"])
        present = normalize((grams > 0).astype(np.float64) @ sp.diags(self.lr_.vectorizer_.idf_))
        hits = _tag_matrix(X["rule_tags"], self.reasons_) * self.hit_weight
        n = grams.shape[1]
        lr_w = np.column_stack([self.lr_.models_[r].coef_[0] for r in self.reasons_])
        nb_w = np.column_stack([self.nb_.models_[r].coef_[0] for r in self.reasons_])
        nb_text = nb_w[:n] * np.column_stack([self.nb_.ratios_[r] for r in self.reasons_])
        lr_logit = grams @ lr_w[:n] + hits @ lr_w[n:] + [self.lr_.models_[r].intercept_[0] for r in self.reasons_]
        nb_logit = present @ nb_text + hits @ nb_w[n:] + [self.nb_.models_[r].intercept_[0] for r in self.reasons_]
        proba = (1 / (1 + np.exp(-lr_logit)) + 1 / (1 + np.exp(-nb_logit))) / 2
        return pd.DataFrame(proba, index=X.index, columns=list(self.reasons_))


class Average(BaseEstimator):
    """The mean of several candidates' probabilities."""

    def __init__(self, members=()):
        self.members = members

    def fit(self, X, y):
        """Fit every member."""
        self.fitted_ = [clone(m).fit(X, y) for m in self.members]
        self.reasons_ = self.fitted_[0].reasons_
        return self

    def predict_proba(self, X):
        """The members' mean probability."""
        probas = [m.predict_proba(X) for m in self.fitted_]
        return sum(probas) / len(probas)


class Stacked(BaseEstimator):
    """A second model per reason over out-of-fold first-stage probabilities of every reason and the codebook hits."""

    def __init__(self, first=None, second="lr", inner=5, C2=1.0, balanced=False, length=False):
        self.first, self.second, self.inner, self.C2, self.balanced = first, second, inner, C2, balanced
        self.length = length

    def _level2(self, proba, X):
        """Second-stage inputs: first-stage logits, codebook hits, optionally log length."""
        p = np.clip(proba.to_numpy(), 1e-4, 1 - 1e-4)
        hits = _tag_matrix(X["rule_tags"], self.reasons_)
        parts = [np.log(p / (1 - p)), hits]
        if self.length:
            parts.append(np.log1p(X["text"].str.len().to_numpy())[:, None])
        return np.hstack(parts)

    def fit(self, X, y):
        """First stage on all of X; second stage on the first stage's inner out-of-fold probabilities."""
        self.first_ = clone(self.first).fit(X, y)
        self.reasons_ = self.first_.reasons_
        oof = []
        for train, test in KFold(self.inner, shuffle=True, random_state=1).split(X):
            oof.append(clone(self.first).fit(X.iloc[train], y.iloc[train]).predict_proba(X.iloc[test]))
        oof = pd.concat(oof).loc[X.index]
        Z = self._level2(oof, X)
        targets = _tag_matrix(y, self.reasons_)
        self.models_ = {}
        weight = "balanced" if self.balanced else None
        for i, reason in enumerate(self.reasons_):
            if self.second == "lr":
                model = LogisticRegression(C=self.C2, class_weight=weight, max_iter=2000)
            else:
                model = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05, max_leaf_nodes=8,
                                                       class_weight=weight, random_state=0)
            self.models_[reason] = model.fit(Z, targets[:, i])
        return self

    def predict_proba(self, X):
        """Second-stage probabilities."""
        Z = self._level2(self.first_.predict_proba(X), X)
        return pd.DataFrame({r: m.predict_proba(Z)[:, 1] for r, m in self.models_.items()}, index=X.index)


class InnerThreshold(BaseEstimator):
    """A candidate whose one global threshold (and optional top-reason fallback) is chosen by inner CV."""

    def __init__(self, base=None, inner=5, fallback=False):
        self.base, self.inner, self.fallback = base, inner, fallback

    def fit(self, X, y):
        """Choose the threshold (and fallback) on inner out-of-fold probabilities, then fit on all of X."""
        oof = []
        for train, test in KFold(self.inner, shuffle=True, random_state=1).split(X):
            oof.append(clone(self.base).fit(X.iloc[train], y.iloc[train]).predict_proba(X.iloc[test]))
        oof = pd.concat(oof).loc[X.index]
        grid = [(t, f) for t in np.arange(0.25, 0.61, 0.025)
                for f in ([None] + list(np.arange(0.1, t, 0.05)) if self.fallback else [None])]
        scores = {(t, f): score_tags(y, tags_at(oof, t, f), REASON_ORDER)["macro_f1"] for t, f in grid}
        self.threshold, self.fallback_ = max(scores, key=scores.get)
        self.model_ = clone(self.base).fit(X, y)
        return self

    def predict_proba(self, X):
        """The base model's probabilities."""
        return self.model_.predict_proba(X)


def candidates() -> dict[str, object]:
    """Every candidate by name; `threshold` is used unless the candidate picks its own."""
    lr = Linear()
    nblr = Linear(kind="nblr", C=1.0, binary=True)
    return {
        "shipped ReasonClassifier": ReasonClassifier(random_state=0),
        "lr (same as shipped)": lr,
        "lr char 1-4": Linear(ngram_range=(1, 4)),
        "lr char 2-4": Linear(ngram_range=(2, 4)),
        "lr char 1-5 min_df 3": Linear(ngram_range=(1, 5), min_df=3),
        "lr char_wb 1-3": Linear(analyzer="char_wb"),
        "lr binary tf": Linear(binary=True),
        "lr max_df 0.5": Linear(max_df=0.5),
        "lr no sublinear": Linear(sublinear_tf=False),
        "lr no idf": Linear(use_idf=False),
        "lr min_df 1": Linear(min_df=1),
        "lr min_df 3": Linear(min_df=3),
        "lr C=16": Linear(C=16.0),
        "lr written x2": Linear(written_weight=2.0),
        "lr written x0.5": Linear(written_weight=0.5),
        "nblr C=1": nblr,
        "nblr C=4": Linear(kind="nblr", C=4.0, binary=True),
        "nblr C=0.25": Linear(kind="nblr", C=0.25, binary=True),
        "nblr tfidf C=1": Linear(kind="nblr", C=1.0),
        "nblr 1-4 C=1": Linear(kind="nblr", C=1.0, binary=True, ngram_range=(1, 4)),
        "svm C=0.5": Linear(kind="svm", C=0.5),
        "svm C=0.1": Linear(kind="svm", C=0.1),
        "sgd huber a=1e-4": Linear(kind="sgd", C=1e-4),
        "avg lr + nblr": Average(members=(lr, nblr)),
        "stack lr over lr": Stacked(first=lr, second="lr"),
        "stack lr over lr balanced": Stacked(first=lr, second="lr", balanced=True),
        "stack hgb over lr": Stacked(first=lr, second="hgb"),
        "stack lr over avg lr+nblr": Stacked(first=Average(members=(lr, nblr)), second="lr"),
        "lr clause char_wb 1-3": Linear(analyzer="char_wb", preprocessor=clauses_spaced),
        "lr clause char_wb 1-4": Linear(analyzer="char_wb", preprocessor=clauses_spaced, ngram_range=(1, 4)),
        "avg lr + nblr-shared C=4, one transform": SharedBlend(),
        "avg lr C=16 + nblr-shared C=4": Average(members=(Linear(C=16.0), Linear(kind="nblr-shared", C=4.0))),
        "avg lr + nblr-shared C=4 + lr char_wb": Average(
            members=(lr, Linear(kind="nblr-shared", C=4.0), Linear(analyzer="char_wb"))),
        "stack lr over lr, nblr side by side": Stacked(first=Members(members=(lr, nblr)), second="lr"),
        "stack lr over lr, nblr-shared C=4": Stacked(
            first=Members(members=(lr, Linear(kind="nblr-shared", C=4.0)))),
        "stack lr over lr C=16, nblr-shared C=4": Stacked(
            first=Members(members=(Linear(C=16.0), Linear(kind="nblr-shared", C=4.0)))),
        "stack lr over lr, nblr-shared C=4, + length": Stacked(
            first=Members(members=(lr, Linear(kind="nblr-shared", C=4.0))), length=True),
        "stack hgb over lr, nblr-shared C=4, + length": Stacked(
            first=Members(members=(lr, Linear(kind="nblr-shared", C=4.0))), second="hgb", length=True),
        "stack lr C2=0.1 over lr, nblr-shared C=4": Stacked(
            first=Members(members=(lr, Linear(kind="nblr-shared", C=4.0))), C2=0.1),
        "stack lr over lr, nblr-shared C=4, lr char_wb": Stacked(
            first=Members(members=(lr, Linear(kind="nblr-shared", C=4.0), Linear(analyzer="char_wb")))),
        "lr unbalanced": Linear(balanced=False),
        "lr char 1-3 + gapped pairs": Linear(analyzer=chars_and_gapped_pairs, ngram_range=(1, 1)),
        "avg lr C=16 + nblr-shared C=4 + lr char_wb": Average(
            members=(Linear(C=16.0), Linear(kind="nblr-shared", C=4.0), Linear(analyzer="char_wb"))),
        "stack lr over lr, nblr-shared C=4, clause-max lr": Stacked(
            first=Members(members=(lr, Linear(kind="nblr-shared", C=4.0), ClauseMax(base=lr)))),
        "stack lr over lr, clause-max lr": Stacked(first=Members(members=(lr, ClauseMax(base=lr)))),
        "lr, threshold by inner CV": InnerThreshold(base=lr),
        "lr, threshold + top-reason fallback by inner CV": InnerThreshold(base=lr, fallback=True),
    }


def corpus_texts(rows: int = 77_000) -> pd.Series:
    """`rows` distinct normalized corpus reviews, for timing predict_proba."""
    reviews = pd.concat([pd.read_csv(path)["review"] for path in sorted(CORPORA.glob("*.csv"))]).dropna().astype(str)
    return pd.Series(pd.unique(normalize_answers(reviews))[:rows])


def evaluate(name: str, model, examples: pd.DataFrame, folds: int, timing_X: pd.DataFrame | None,
             seed: int = 0) -> dict:
    """Out-of-fold figures for one candidate, plus fit and predict times."""
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    tags, probas = [], []
    for train, test in split.split(examples, examples["source_file"]):
        fitted = clone(model).fit(examples.iloc[train], examples["tags"].iloc[train])
        proba = fitted.predict_proba(examples.iloc[test])
        probas.append(proba)
        tags.append(tags_at(proba, getattr(fitted, "threshold", 0.4), getattr(fitted, "fallback_", None)))
    decided = pd.concat(tags).loc[examples.index]
    report = score_tags(examples["tags"], decided, REASON_ORDER)
    row = {"candidate": name, "seed": seed, "macro": report["macro_f1"],
           **{t: v["f1"] for t, v in report["per_tag"].items()}}
    # diagnostic only (chosen on the same out-of-fold rows, so optimistic): the best single threshold
    oof = pd.concat(probas).loc[examples.index]
    best = max((score_tags(examples["tags"], tags_at(oof, t), REASON_ORDER)["macro_f1"], round(t, 3))
               for t in np.arange(0.2, 0.71, 0.05))
    row["oof_best_macro_at_t"] = best
    if timing_X is not None:
        start = time.perf_counter()
        fitted = clone(model).fit(examples, examples["tags"])
        row["fit_s"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        fitted.predict_proba(timing_X)
        row["predict_77k_s"] = round(time.perf_counter() - start, 2)
    return row


def main() -> None:
    """Print one JSON line per candidate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", action="append", default=[], help="run only candidates whose name contains this")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0],
                        help="fold shuffling seeds, figures averaged over them (0 = the folds of cv_reasons.py)")
    args = parser.parse_args()
    examples = coded_examples()
    timing_X = None
    if not args.no_timing:
        texts = corpus_texts()
        # rule tags drawn from the training distribution: the learned layer's cost does not depend on them
        verdicts = examples[["rule_tags", "rule_cancelled"]].sample(len(texts), replace=True, random_state=0)
        timing_X = pd.DataFrame({"text": texts, "rule_tags": verdicts["rule_tags"].to_numpy(),
                                 "rule_cancelled": verdicts["rule_cancelled"].to_numpy()})
    for name, model in candidates().items():
        if args.only and not any(part in name for part in args.only):
            continue
        rows = [evaluate(name, model, examples, args.folds, timing_X if seed == args.seeds[0] else None, seed)
                for seed in args.seeds]
        row = {**rows[0], "seed": args.seeds}
        for key in ("macro", *REASON_ORDER):
            row[key] = round(float(np.mean([r[key] for r in rows])), 4)
        if len(rows) > 1:
            row["macro_per_seed"] = [r["macro"] for r in rows]
            del row["oof_best_macro_at_t"]
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
