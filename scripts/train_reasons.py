"""Build models/reasons.npz from the hand-labeled examples in training/examples/.

Run from the repository root: python scripts/train_reasons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.code import code_answers  # noqa: E402
from analysis.codebook import load_codebook  # noqa: E402
from analysis.learn import ReasonClassifier, training_examples  # noqa: E402
from analysis.model import MODEL_PATH  # noqa: E402
from analysis.normalize import normalize_answers  # noqa: E402


def build_model() -> ReasonClassifier:
    """The classifier fitted on every labeled example, with the default codebook's verdicts as features."""
    examples = training_examples()
    normalized = normalize_answers(examples["text"])
    coded = code_answers(normalized, load_codebook())
    X = pd.DataFrame({"text": normalized, "rule_tags": coded["tags"], "rule_cancelled": coded["cancelled"]})
    return ReasonClassifier(random_state=0).fit(X, examples["tags"])


if __name__ == "__main__":
    model = build_model()
    MODEL_PATH.parent.mkdir(exist_ok=True)
    model.to_model().save(MODEL_PATH)
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KB): reasons {', '.join(model.reasons_)}")
