import numpy as np
import pandas as pd

from analysis.codebook import load_codebook
from analysis.learn import MODEL_PATH, ReasonClassifier, load_model, refine_codes
from analysis.code import code_answers
from analysis.normalize import normalize_answers


def small_set() -> tuple[pd.DataFrame, pd.Series]:
    texts = [f"网点撤了{i}" for i in range(12)] + [f"柜员脸色难看{i}" for i in range(12)] + [f"挺好{i}" for i in range(12)]
    tags = ["distance"] * 12 + ["service"] * 12 + ["other"] * 12
    return pd.DataFrame({"text": texts, "rule_tags": ["other"] * 36, "rule_cancelled": [""] * 36}), pd.Series(tags)


def test_follows_the_scikit_learn_contract_and_learns_unseen_wording():
    X, y = small_set()
    model = ReasonClassifier(C=2.0, random_state=3)
    assert model.get_params()["C"] == 2.0 and not hasattr(model, "reasons_")
    assert model.fit(X, y) is model
    assert model.reasons_ == ("distance", "service")
    probe = pd.DataFrame({"text": ["附近网点撤了", "柜员脸色难看", "挺好的"], "rule_tags": ["other"] * 3, "rule_cancelled": [""] * 3})
    assert model.predict(probe).tolist() == ["distance", "service", "other"]


def test_same_seed_same_probabilities():
    X, y = small_set()
    a = ReasonClassifier(random_state=1).fit(X, y).predict_proba(X)
    b = ReasonClassifier(random_state=1).fit(X, y).predict_proba(X)
    assert np.allclose(a.values, b.values)


def test_shipped_model_is_what_the_training_script_builds():
    import importlib.util

    spec = importlib.util.spec_from_file_location("train", MODEL_PATH.parent.parent / "scripts" / "train_reasons.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    fresh, shipped = train.build_model(), load_model()
    assert shipped is not None, "models/reasons.joblib is missing or unloadable: run scripts/train_reasons.py"
    probe = pd.DataFrame({"text": ["太贵了", "等了两个小时", "搬家了", "去了别家", "挺好"], "rule_tags": ["other"] * 5,
                          "rule_cancelled": ["", "", "", "", ""]})
    # BLAS builds differ in the last digits; the model is the same when probabilities agree to 1e-4.
    assert np.allclose(fresh.predict_proba(probe).values, shipped.predict_proba(probe).values, atol=1e-4)


def test_refined_evidence_keeps_rule_words_and_names_model_tags():
    model = load_model()
    book = load_codebook()
    normalized = normalize_answers(pd.Series(["价格太贵了", "价格太贵了", "挺好的，没什么"]))
    refined = refine_codes(normalized, code_answers(normalized, book), model)
    assert refined["tags"].tolist()[:2] == ["price", "price"]
    assert "贵" in refined.loc[0, "evidence"] and refined.loc[2, "tags"] == "other"
    for tags, evidence in zip(refined["tags"], refined["evidence"]):
        named = {part.split(":")[0] for part in evidence.split("; ") if part}
        assert named == (set(tags.split("|")) - {"other"})
