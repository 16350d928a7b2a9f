"""The learned layer's vectorised inference path gives what scikit-learn's own path gives."""

import importlib.util

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.code import code_answers
from analysis.codebook import load_codebook
from analysis.learn import char_ngram_tfidf, training_examples
from analysis.model import MODEL_PATH, distinct_answers, refine_codes
from analysis.normalize import normalize_answers
from surveys.demo import DEMO_FILES, DEMO_PACKS, load_demo

ROOT = MODEL_PATH.parent.parent
TRICKY = [
    "", " ", "   ", "\t", "\n", "a\tb", "a \t\n b", "价格  太贵\t\t了", "网点\u3000\u3000撤了", " 前后空格 ",
    "UPPER Case Latin", "ÀÉÎ ÕÜ", "İstanbul", "ΟΔΟΣ ΣΑΣ", "😀", "太贵😀😀了", "𠀀𠀁𠀂", "好", "x", "\u200b",
    "ꙮꙮꙮ", "ᚠᚢᚦ ᚨᚱ", "\ud800 lone surrogate", "太贵太贵太贵太贵", "价格 价格\n\n价格",
]


def demo_texts() -> list[str]:
    """Every text answer of the built-in demos, normalized as the pipeline does."""
    texts = []
    for name in DEMO_FILES:
        survey = load_demo(name)
        for column in survey.text_columns:
            texts += normalize_answers(survey.frame[column]).tolist()
    return texts


def assert_same_matrix(fast: sp.spmatrix, expected: sp.spmatrix) -> None:
    """Same shape, same stored cells in the same order, values within 1e-12."""
    fast, expected = sp.csr_matrix(fast), sp.csr_matrix(expected)
    assert fast.shape == expected.shape
    assert np.array_equal(fast.indptr, expected.indptr)
    assert np.array_equal(fast.indices, expected.indices)
    assert np.abs(fast.data - expected.data).max(initial=0.0) < 1e-12


@pytest.fixture(scope="module")
def model(trained_classifier):
    return trained_classifier


@pytest.fixture(scope="module")
def baseline():
    """refine_codes as it was before the vectorised path (kept in the benchmark as its baseline)."""
    spec = importlib.util.spec_from_file_location("learned_layer", ROOT / "benchmarks" / "learned_layer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.refine_codes_before


def test_shipped_vectorizer_features_match_transform_on_demo_and_training_texts(model):
    texts = demo_texts() + training_examples()["text"].tolist()
    fast = char_ngram_tfidf(model.vectorizer_, texts)
    assert_same_matrix(fast, model.vectorizer_.transform(texts))
    assert fast.nnz > 10 * len(texts)  # the answers really share n-grams with the vocabulary


def test_tricky_strings_match_transform_with_the_shipped_vocabulary(model):
    assert_same_matrix(char_ngram_tfidf(model.vectorizer_, TRICKY), model.vectorizer_.transform(TRICKY))
    only_unseen = char_ngram_tfidf(model.vectorizer_, ["ꙮꙮꙮ", "", "ᚠᚢᚦ"])
    assert only_unseen.shape == (3, len(model.vectorizer_.vocabulary_)) and only_unseen.nnz == 0


@pytest.mark.parametrize("settings", [
    {},
    {"lowercase": False},
    {"sublinear_tf": False},
    {"ngram_range": (1, 4)},
    {"smooth_idf": False, "ngram_range": (1, 1)},
])
def test_vocabularies_with_whitespace_case_and_astral_ngrams_match_transform(settings):
    # fitted on the tricky strings themselves, so spaces, tabs, capitals and emoji are in the vocabulary
    train = TRICKY * 2 + demo_texts()[:200]
    vectorizer = TfidfVectorizer(**{"analyzer": "char", "ngram_range": (1, 3), "min_df": 2, "sublinear_tf": True,
                                    **settings}).fit(train)
    assert any(not gram.strip() or gram != gram.lower() or ord(max(gram)) > 0xFFFF for gram in vectorizer.vocabulary_)
    probe = TRICKY + ["Upper Case", "tab\there", "😀😀😀", "A\t\t\tB"] + demo_texts()[200:400]
    assert_same_matrix(char_ngram_tfidf(vectorizer, probe), vectorizer.transform(probe))


@pytest.mark.parametrize("settings", [
    {"analyzer": "char_wb"},
    {"ngram_range": (2, 3)},
    {"binary": True},
    {"max_df": 0.05},  # drops common unigrams, so n-grams are no longer built from known parts
    {"strip_accents": "unicode"},
    {"norm": "l1"},
    {"norm": None},
])
def test_settings_the_fast_path_does_not_reproduce_still_give_transform(settings):
    train = demo_texts()[:300]
    vectorizer = TfidfVectorizer(**{"analyzer": "char", "ngram_range": (1, 3), "min_df": 2, **settings}).fit(train)
    probe = TRICKY + demo_texts()[300:500]
    assert_same_matrix(char_ngram_tfidf(vectorizer, probe), vectorizer.transform(probe))


def test_probabilities_match_each_reasons_own_predict_proba(model):
    texts = demo_texts()
    coded = code_answers(pd.Series(texts), load_codebook())
    X = pd.DataFrame({"text": texts, "rule_tags": coded["tags"], "rule_cancelled": coded["cancelled"]})
    hits = (np.array([[r in tags.split("|") for r in model.reasons_] for tags in X["rule_tags"]]) * model.hit_weight
            - np.array([[r in c.split("|") for r in model.reasons_] for c in X["rule_cancelled"]]) * model.cancel_weight)
    features = sp.hstack([model.vectorizer_.transform(texts), sp.csr_matrix(hits)]).tocsr()
    expected = np.column_stack([m.predict_proba(features)[:, 1] for m in model.models_.values()])
    proba = model.predict_proba(X)
    assert list(proba.columns) == list(model.reasons_)
    assert np.abs(proba.to_numpy() - expected).max() < 1e-12
    assert (hits > 0).any() and (hits < 0).any() and ((expected >= model.threshold).sum(axis=1) > 1).any()


@pytest.mark.parametrize("name", sorted(DEMO_FILES))
def test_refine_codes_gives_the_previous_tags_and_evidence_on_the_demos(model, baseline, name):
    survey = load_demo(name)
    normalized = normalize_answers(survey.frame[survey.text_columns[0]])
    coded = code_answers(normalized, load_codebook(packs=DEMO_PACKS[name]))
    refined, expected = refine_codes(normalized, coded, model.to_model()), baseline(normalized, coded, model)
    pd.testing.assert_frame_equal(refined, expected)
    assert refined["evidence"].str.contains(r"\(model\)").any() and refined["evidence"].str.contains(r"\(").any()


def test_refine_codes_keeps_reasons_the_model_never_learned_like_before(model, baseline):
    normalized = normalize_answers(pd.Series(["价格太贵了", "积分清零了", "价格太贵了，积分清零了", "挺好的", "积分清零了"],
                                             index=[10, 11, 12, 13, 14]))
    coded = pd.DataFrame({"tags": ["price", "loyalty", "loyalty|price", "other", "loyalty"], "cancelled": [""] * 5,
                          "evidence": ["price: 太贵 (signal)", "loyalty: 积分清零 (word)",
                                       "loyalty: 积分清零 (word); price: 太贵 (signal)", "", "loyalty: 积分清零 (word)"]},
                         index=normalized.index)
    refined = refine_codes(normalized, coded, model.to_model())
    pd.testing.assert_frame_equal(refined, baseline(normalized, coded, model))
    assert refined.loc[11, "tags"].split("|")[0] == "loyalty" and "积分清零" in refined.loc[12, "evidence"]


def test_refine_codes_on_no_answers_is_an_empty_table(model):
    empty = pd.Series([], dtype="object")
    refined = refine_codes(empty, pd.DataFrame({"tags": empty, "evidence": empty, "cancelled": empty}),
                           model.to_model())
    assert refined.empty and list(refined.columns) == ["tags", "evidence"]


def test_a_refitted_vectorizer_is_read_afresh():
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2).fit(demo_texts()[:100])
    probe = demo_texts()[100:200]
    assert_same_matrix(char_ngram_tfidf(vectorizer, probe), vectorizer.transform(probe))
    vectorizer.set_params(lowercase=False).fit(TRICKY * 2)
    assert_same_matrix(char_ngram_tfidf(vectorizer, TRICKY + probe), vectorizer.transform(TRICKY + probe))


def test_texts_counted_in_blocks_give_the_same_matrix(model, monkeypatch):
    import analysis.model

    texts = TRICKY + demo_texts()[:500]
    monkeypatch.setattr(analysis.model, "_BLOCK", 7)  # block edges fall inside the tricky strings and between answers
    assert_same_matrix(char_ngram_tfidf(model.vectorizer_, texts), model.vectorizer_.transform(texts))


@pytest.mark.parametrize("name", sorted(DEMO_FILES))
def test_ngram_scores_worked_out_beforehand_give_the_same_codes(model, name):
    """tag_answers scores the distinct answers' n-grams in a second thread while the codebook codes them."""
    survey = load_demo(name)
    normalized = normalize_answers(survey.frame[survey.text_columns[0]])
    coded = code_answers(normalized, load_codebook(packs=DEMO_PACKS[name]))
    fitted = model.to_model()
    distinct = distinct_answers(normalized)
    # the rows refine_codes scores: one per distinct answer, in order of first appearance
    assert list(distinct) == list(coded.groupby(normalized.astype("object").values, sort=False).first().index)
    ahead = refine_codes(normalized, coded, fitted, fitted.ngram_scores(list(distinct)))
    pd.testing.assert_frame_equal(ahead, refine_codes(normalized, coded, fitted))
