"""Theme discovery: a planted theme is found by its ids; pasted near-copies never make a theme."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis.code import coder_for
from analysis.codebook import load_codebook
from analysis.pipeline import tag_answers
from analysis.themes import ThemeFinder, content_tokens, find_themes, load_stopwords
from conftest import DATA, ROOT

SURVEY = DATA / "themes_survey.csv"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={"LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def survey():
    return pd.read_csv(SURVEY, dtype=str)


@pytest.fixture(scope="module")
def segmenter():
    return coder_for(load_codebook()).segmenter


def planted(ids) -> set[str]:
    return {i for i in ids if i.startswith("P")}


def test_tokens_drop_stopwords_and_punctuation_and_short_answers_get_bigrams(segmenter):
    words = content_tokens("我的积分被清零了！！", segmenter, load_stopwords(), short_answer=6)
    assert "积分" in words and "清零" in words
    assert not {"我", "的", "了", "！", "!"} & set(words)
    assert "~积分" in words  # short: bigrams of the content words join in
    long = content_tokens("会员积分突然清零了，攒了好几年也没人说一声", segmenter, load_stopwords(), short_answer=6)
    assert not [w for w in long if w.startswith("~")]


def test_planted_theme_is_found_by_its_ids(survey, segmenter):
    result = find_themes(survey["流失原因"], survey["编号"], segmenter=segmenter)
    best = max(result["themes"], key=lambda t: len(planted(t["ids"])))
    # k-means may leave a few planted answers with a neighbouring theme (清空 rather than 清零)
    assert len(planted(best["ids"])) >= 25
    assert len(planted(best["ids"])) / best["size"] >= 0.9
    assert best["size"] == len(best["ids"])
    assert {"积分", "清零"} <= set(best["terms"][:3])
    assert all("积分" in example for example in best["examples"])


def test_near_duplicates_collapse_and_never_form_a_theme_of_their_own(survey, segmenter):
    answers = survey["流失原因"].tolist()
    pasted = survey.index[survey["编号"].str.startswith("D")]
    # many clusters asked for, so 15 separate copies would surely get one of their own
    finder = ThemeFinder(n_themes=8, segmenter=segmenter).fit(answers)
    assert len(set(finder.groups_[pasted])) == 1
    for theme in range(len(finder.terms_)):
        members = set(map(int, (finder.labels_ == theme).nonzero()[0]))
        others = members - set(pasted)
        assert len({finder.groups_[i] for i in others}) >= finder.min_distinct
    # the copies still count in the size of whatever theme they joined
    theme = finder.labels_[pasted[0]]
    if theme >= 0:
        assert set(pasted) <= set((finder.labels_ == theme).nonzero()[0])


def test_same_seed_same_themes(survey, segmenter):
    first = find_themes(survey["流失原因"], survey["编号"], segmenter=segmenter, random_state=7)
    again = find_themes(survey["流失原因"], survey["编号"], segmenter=segmenter, random_state=7)
    assert first == again


def test_k_is_chosen_by_silhouette_and_reported(survey, segmenter):
    result = find_themes(survey["流失原因"], survey["编号"], segmenter=segmenter)
    assert result["k_method"] == "silhouette"
    scores = {int(k): v for k, v in result["k_scores"].items()}
    assert result["k"] == max(scores, key=scores.get)
    given = find_themes(survey["流失原因"], survey["编号"], n_themes=4, segmenter=segmenter)
    assert given["k"] == 4 and given["k_method"] == "given" and given["k_scores"] == {}


def test_too_few_answers_give_no_themes_not_an_error(segmenter):
    result = find_themes(pd.Series(["太贵了", "", None, "/"]), segmenter=segmenter)
    assert result["themes"] == [] and result["unthemed"] == 4


def test_cli_json_themes_the_answers_left_as_other_with_file_ids(survey):
    # rules only: the learned layer rightly reads some lost points as lost member benefits (price),
    # and how many it leaves changes with every retraining; the codebook's "other" holds still
    result = run("themes", str(SURVEY), "--json", "--seed", "3", "--rules-only")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["scope"] == "other" and report["id_column"] == "编号" and report["seed"] == 3
    coded = tag_answers(survey, "流失原因", load_codebook(), learned=False)
    left_as_other = set(survey.loc[coded["tags"] == "other", "编号"])
    assert report["answers"] == len(left_as_other)
    themed = [i for theme in report["themes"] for i in theme["ids"]]
    assert set(themed) <= left_as_other and len(themed) == len(set(themed))
    best = max(report["themes"], key=lambda t: len(planted(t["ids"])))
    assert len(planted(best["ids"])) >= 0.8 * len(planted(left_as_other))
    assert len(planted(best["ids"])) / best["size"] >= 0.9
    assert set(best) == {"theme", "terms", "size", "ids", "examples"}
    assert run("themes", str(SURVEY), "--json", "--seed", "3", "--rules-only").stdout == result.stdout


def test_cli_all_and_row_numbers_when_no_id_column(tmp_path, survey):
    plain = tmp_path / "answers.csv"
    survey[["门店", "流失原因"]].to_csv(plain, index=False)
    result = run("themes", str(plain), "--all", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["scope"] == "all" and report["answers"] == len(survey) and report["id_column"] is None
    best = max(report["themes"], key=lambda t: sum(survey["编号"][i].startswith("P") for i in t["ids"]))
    assert sum(survey["编号"][i].startswith("P") for i in best["ids"]) >= 25


def test_cli_prints_a_table_without_json():
    # rules only, as above: the learned layer reads most lost points as lost member benefits (price)
    result = run("themes", str(SURVEY), "--k", "3", "--rules-only")
    assert result.returncode == 0, result.stderr
    assert "k=3 (given)" in result.stdout and "清零" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("themes", str(DATA / "empty.csv")), None),
    (("themes", str(SURVEY), "--text-col", "不存在"), "No column '不存在'"),
    (("themes", str(SURVEY), "--k", "1"), "--k must be at least 2."),
])
def test_cli_bad_input_is_one_sentence_and_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    if message:
        assert message in result.stderr
