import numpy as np
import pandas as pd

from analysis.codebook import load_codebook
from analysis.learn import ReasonClassifier
from analysis.model import MODEL_PATH, ReasonModel, load_model, refine_codes
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


def test_shipped_model_is_what_the_training_script_builds(trained_classifier):
    shipped = load_model()
    assert shipped is not None, "models/reasons.npz is missing or unreadable: run scripts/train_reasons.py"
    probe = pd.DataFrame({"text": ["太贵了", "等了两个小时", "搬家了", "去了别家", "挺好"], "rule_tags": ["other"] * 5,
                          "rule_cancelled": ["", "", "", "", "price"]})
    # BLAS builds differ in the last digits; the model is the same when probabilities agree to 1e-4.
    assert np.allclose(trained_classifier.predict_proba(probe).values,
                       shipped.predict_proba(probe["text"].tolist(), probe["rule_tags"],
                                             probe["rule_cancelled"]).values, atol=1e-4)


def test_exported_model_reads_back_the_same(tmp_path):
    X, y = small_set()
    exported = ReasonClassifier(random_state=1).fit(X, y).to_model()
    exported.save(tmp_path / "m.npz")
    again = ReasonModel.read(tmp_path / "m.npz")
    assert again.reasons == ("distance", "service") and again.threshold == exported.threshold
    probe = ["附近网点撤了", "柜员脸色难看", "挺好的", ""]
    tags, cancelled = pd.Series(["other", "service", "other", "other"]), pd.Series(["", "", "service", ""])
    pd.testing.assert_frame_equal(again.predict_proba(probe, tags, cancelled),
                                  exported.predict_proba(probe, tags, cancelled))


def test_a_damaged_model_file_means_rules_only(tmp_path, caplog):
    damaged = tmp_path / "reasons.npz"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    assert load_model(damaged) is None
    assert "cannot be read" in caplog.text
    assert load_model(tmp_path / "missing.npz") is None


def test_coding_does_not_load_scikit_learn():
    # the start-up of every `tag` run and app session: the model is arrays, training code stays unloaded
    import subprocess
    import sys

    code = ("import sys, pandas as pd; from analysis.codebook import load_codebook; "
            "from analysis.pipeline import tag_answers; "
            "out = tag_answers(pd.DataFrame({'a': ['太贵了', '等了两个小时']}), 'a', load_codebook()); "
            "print(out['tags'].tolist(), 'sklearn' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=MODEL_PATH.parent.parent,
                          check=True)
    assert done.stdout.split("]")[-1].strip() == "False"
    assert "price" in done.stdout and "service" in done.stdout


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


def test_an_answer_that_says_nothing_stays_other_whatever_the_model_thinks():
    book = load_codebook()
    normalized = normalize_answers(pd.Series(["没有", "嘛也没有。", "不知道啊", "没有人理我", "無"]))
    coded = code_answers(normalized, book)
    refined = refine_codes(normalized, coded, load_model())
    assert refined["tags"].tolist()[:3] == ["other", "other", "other"]
    assert refined.loc[0, "evidence"] == "other: 没有 (non-answer)"
    assert refined.loc[3, "tags"] == "service"  # 没有 starting a complaint is no non-answer
    assert refined.loc[4, "tags"] == "other"  # traditional 無 is normalized first

