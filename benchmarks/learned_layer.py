"""How long the learned layer (analysis.model.refine_codes) takes on the 82k corpus: before and now, same run.

Run from the repository root:  python benchmarks/learned_layer.py [--repeat 3]

The corpus is every review in ../shared/corpora/*.csv. It is normalized and coded by the
codebook once (not timed); then refine_codes and the implementation it replaced
(`refine_codes_before`: TfidfVectorizer.transform, one predict_proba per reason, evidence
built answer by answer) run alternately on the same input, --repeat times each, and the
best time of each is printed with the ratio. Both must give the same tags and evidence.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy.sparse as sp  # noqa: E402

from analysis.code import code_answers, evidence_parts, is_non_answer  # noqa: E402
from analysis.codebook import OTHER, load_codebook  # noqa: E402
from analysis.learn import ReasonClassifier, char_ngram_tfidf  # noqa: E402
from analysis.model import refine_codes  # noqa: E402
from analysis.normalize import normalize_answers  # noqa: E402


def refine_codes_before(normalized: pd.Series, coded: pd.DataFrame, model: ReasonClassifier) -> pd.DataFrame:
    """refine_codes as it was before the vectorised inference path: the baseline, and the reference in tests."""
    texts = normalized.astype("object")
    verdicts = coded[["tags", "cancelled", "evidence"]].groupby(texts.values, sort=False).first()
    rule_tags = verdicts["tags"]
    sets = rule_tags.fillna(OTHER).astype(str).str.split("|")
    hits = np.array([[reason in tags_ for reason in model.reasons_] for tags_ in sets], dtype=float) * model.hit_weight
    cancelled = verdicts["cancelled"].str.split("|")
    hits -= np.array([[reason in c for reason in model.reasons_] for c in cancelled], dtype=float) * model.cancel_weight
    features = sp.hstack([model.vectorizer_.transform(rule_tags.index), sp.csr_matrix(hits)]).tocsr()
    proba = pd.DataFrame({r: m.predict_proba(features)[:, 1] for r, m in model.models_.items()}, index=rule_tags.index)
    reasons = sorted(proba.columns)
    chosen = (proba[reasons] >= model.threshold).to_numpy().tolist()
    decided = pd.Series(["|".join(r for r, on in zip(reasons, row) if on) or OTHER for row in chosen],
                        index=proba.index, dtype="object")
    known = {*model.reasons_, OTHER}
    unknown = {tags: {t for t in tags.split("|") if t not in known} for tags in pd.unique(rule_tags.values)}
    for text, tags in rule_tags[rule_tags.map(lambda tags: bool(unknown[tags]))].items():
        decided[text] = "|".join(sorted(unknown[tags] | set(decided[text].split("|")) - {OTHER}))
    # an answer that says nothing stays `other` (added with non-answers, after this baseline was first timed)
    decided[verdicts["evidence"].map(is_non_answer).to_numpy()] = OTHER

    def evidence(text: str, old: str) -> str:
        tags = decided[text].split("|")
        kept = {reason: items for reason, items in evidence_parts(old).items() if reason in tags}
        parts = [f"{reason}: {items}" for reason, items in kept.items()]
        parts += [f"{t}: p={proba.at[text, t]:.2f} (model)" for t in tags if t != OTHER and t not in kept]
        return "; ".join(parts)

    return pd.DataFrame({
        "tags": texts.map(decided),
        "evidence": [evidence(text, old) for text, old in zip(texts, coded["evidence"])],
    }, index=coded.index).astype("object")


def _train_module():
    """scripts/train_reasons.py as a module (its build_model fits the classifier)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("train_reasons", ROOT / "scripts" / "train_reasons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_seconds(model: ReasonClassifier, repeat: int) -> tuple[float, float]:
    """Best wall time of a fresh interpreter that loads the model: as a joblib pickle (how it shipped before), as arrays."""
    import subprocess
    import tempfile

    import joblib

    with tempfile.TemporaryDirectory() as folder:
        pickle_path, arrays_path = Path(folder) / "reasons.joblib", Path(folder) / "reasons.npz"
        joblib.dump(model, pickle_path, compress=3)
        model.to_model().save(arrays_path)
        loads = {
            "pickle": f"import joblib; joblib.load({str(pickle_path)!r})",
            "arrays": f"from pathlib import Path; from analysis.model import load_model; "
                      f"assert load_model(Path({str(arrays_path)!r})) is not None",
        }
        best = {}
        for _ in range(repeat):
            for name, code in loads.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-c", f"import pandas, numpy; {code}"], cwd=ROOT, check=True)
                best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)
    # both interpreters import pandas and numpy first, as `tag` does anyway: the difference is the model's own cost
    return best["pickle"], best["arrays"]


def timed(action) -> tuple[float, object]:
    """Wall time of one call, and its result."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    """Print refine_codes seconds before and now, the ratio, and the n-gram features alone."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    reviews = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)["review"]
                         for p in sorted(CORPORA.glob("*.csv"))], ignore_index=True)
    model = _train_module().build_model()
    normalized = normalize_answers(reviews)
    coded = code_answers(normalized, load_codebook())
    distinct = pd.unique(normalized).tolist()
    print(f"{len(reviews):,} answers, {len(distinct):,} distinct after normalizing; "
          f"vocabulary {len(model.vectorizer_.vocabulary_):,} char n-grams, {len(model.reasons_)} reasons")
    before = now = transform = fast = float("inf")
    for _ in range(repeat):  # alternated, so both see the same load on a shared machine
        seconds, expected = timed(lambda: refine_codes_before(normalized, coded, model))
        before = min(before, seconds)
        seconds, refined = timed(lambda: refine_codes(normalized, coded, model.to_model()))
        now = min(now, seconds)
        transform = min(transform, timed(lambda: model.vectorizer_.transform(distinct))[0])
        fast = min(fast, timed(lambda: char_ngram_tfidf(model.vectorizer_, distinct))[0])
    same = refined["tags"].equals(expected["tags"]) and refined["evidence"].equals(expected["evidence"])
    print(f"refine_codes: before {before:.2f} s, now {now:.2f} s, {before / now:.1f}× faster "
          f"(best of {repeat}); same tags and evidence: {same}")
    print(f"char n-gram TF-IDF alone: TfidfVectorizer.transform {transform:.2f} s, "
          f"char_ngram_tfidf {fast:.2f} s, {transform / fast:.1f}× faster (best of {repeat})")
    pickled, arrays = load_seconds(model, repeat)
    print(f"loading the model in a fresh interpreter: pickled estimator (joblib, imports scikit-learn) {pickled:.2f} s, "
          f"arrays (models/reasons.npz) {arrays:.2f} s, {pickled / arrays:.1f}× faster (best of {repeat})")
    if not same:
        sys.exit("refine_codes and the previous implementation disagree")


if __name__ == "__main__":
    main()
