"""Cross-validate the learned layer on training/examples only (never the eval sets).

Run from the repository root: python scripts/cv_reasons.py [--folds 5] [--set C=8 ...]
Prints per-tag F1 of rules alone and of rules + model on out-of-fold predictions, for the
corpus reviews and the written survey answers separately, so a change can be judged before
the development sets are touched.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.code import code_answers  # noqa: E402
from analysis.codebook import REASON_ORDER, load_codebook  # noqa: E402
from analysis.evaluate import score_tags  # noqa: E402
from analysis.learn import ReasonClassifier, training_examples  # noqa: E402
from analysis.normalize import normalize_answers  # noqa: E402


def coded_examples(packs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every labeled example with its normalized text, the codebook's tags and the reasons it found cancelled."""
    examples = training_examples(with_source=True)
    normalized = normalize_answers(examples["text"])
    coded = code_answers(normalized, load_codebook(packs=packs))
    return examples.assign(text=normalized, rule_tags=coded["tags"], rule_cancelled=coded["cancelled"])


def out_of_fold(examples: pd.DataFrame, params: dict, folds: int) -> pd.Series:
    """Out-of-fold tags, folds stratified by source file."""
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    parts = []
    for train, test in split.split(examples, examples["source_file"]):
        model = ReasonClassifier(**params).fit(examples.iloc[train], examples["tags"].iloc[train])
        parts.append(model.predict(examples.iloc[test]))
    return pd.concat(parts).loc[examples.index]


def summary(gold: pd.Series, predicted: pd.Series) -> dict:
    """Macro-F1 and per-tag F1 in a compact form."""
    report = score_tags(gold, predicted, REASON_ORDER)
    return {"macro": report["macro_f1"], **{t: v["f1"] for t, v in report["per_tag"].items()}}


def main() -> None:
    """Print the cross-validated figures as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--pack", action="append", default=[], help="industry pack for the codebook hits")
    parser.add_argument("--set", action="append", default=[], help="a ReasonClassifier parameter, e.g. C=4")
    args = parser.parse_args()
    params = {"random_state": 0}
    for item in args.set:
        key, _, value = item.partition("=")
        params[key] = ast.literal_eval(value)
    examples = coded_examples(tuple(args.pack))
    decided = out_of_fold(examples, params, args.folds)
    written = examples["source_file"].str.startswith("written")
    for name, mask in (("all", np.ones(len(examples), bool)), ("corpus", ~written), ("written", written)):
        print(json.dumps({
            "set": name, "n": int(mask.sum()),
            "rules": summary(examples["tags"][mask], examples["rule_tags"][mask]),
            "model": summary(examples["tags"][mask], decided[mask]),
        }, ensure_ascii=False))


if __name__ == "__main__":
    main()
