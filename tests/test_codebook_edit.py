"""Editing the codebook: new reasons and words, and the TOML zip that goes out and comes back."""

import io
import zipfile
from dataclasses import replace

import pandas as pd
import pytest

from analysis.codebook import CodebookError, load_codebook
from analysis.codebook_edit import (add_reason, add_words, codebook_from_zip, codebook_zip, flattened, reason_toml,
                                    remove_words, set_words, split_words, suggest_id)
from analysis.pipeline import tag_answers

NEW_ANSWERS = pd.DataFrame({"answer": ["会员积分突然清零了", "攒了好几年的积分一夜清零", "积分被清空，不想去了", "太贵了"]})


@pytest.fixture(scope="module")
def points_book(default_codebook):
    return add_reason(default_codebook, "points", "积分清零", "Points reset", split_words("清零 清空 积分清零"))


def test_download_then_upload_gives_the_same_codebook(points_book):
    edited = add_words(points_book, "price", ["收费离谱"])
    again = codebook_from_zip(codebook_zip(edited))
    assert again == flattened(edited)
    assert again.fingerprint() == flattened(edited).fingerprint()


def test_industry_pack_words_travel_in_the_zip():
    with_pack = load_codebook(packs=("auto",))
    again = codebook_from_zip(codebook_zip(with_pack))
    assert again.reasons == with_pack.reasons and again.packs == ()


def test_zip_holds_one_toml_per_reason_in_the_lexicons_format(points_book, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(codebook_zip(points_book)))
    names = set(archive.namelist())
    assert names == {f"codebook/{r}.toml" for r in points_book.ids} | {"cues.toml"}
    archive.extractall(tmp_path)
    assert load_codebook(tmp_path) == flattened(points_book)  # the folder works as --codebook too
    assert 'name_zh = "积分清零"' in reason_toml(points_book.reason("points"))


def test_patterns_with_backslashes_and_quotes_survive(default_codebook):
    pattern = r'多收了?\d+\s*(块|元)["\']'
    price = replace(default_codebook.reason("price"), patterns=(pattern,), name_en='Price "too high"')
    book = replace(default_codebook, reasons=tuple(price if r.id == "price" else r for r in default_codebook.reasons))
    assert codebook_from_zip(codebook_zip(book)).reason("price") == price


def test_promoted_reason_codes_new_answers_with_the_learned_layer_on(points_book):
    coded = tag_answers(NEW_ANSWERS, "answer", points_book)  # learned=True: the model does not know `points`
    tags = coded["tags"].str.split("|")
    assert all("points" in t for t in tags[:3])
    assert "points" not in tags[3] and "price" in tags[3]
    assert "points: 清零 (signal)" in coded["evidence"][0]


def test_merging_words_into_a_reason_codes_them(default_codebook):
    merged = add_words(default_codebook, "price", ["清零"])
    # the codebook's own tags: the learned layer may already read lost points as lost member benefits
    before = tag_answers(NEW_ANSWERS, "answer", default_codebook, learned=False)
    after = tag_answers(NEW_ANSWERS, "answer", merged, learned=False)
    assert "price" not in before["tags"][1] and "price" in after["tags"][1]
    assert "price: 清零 (signal)" in after["evidence"][1]
    assert "price" in tag_answers(NEW_ANSWERS, "answer", merged)["tags"][1]  # and the model keeps the new hit


def test_word_lists_are_edited_and_cleaned(default_codebook):
    book = set_words(default_codebook, "distance", "aspects", [" 路程 ", "路程", "", "车程"])
    assert book.reason("distance").aspects == ("路程", "车程")
    book = remove_words(book, "distance", ["路程"], kind="aspects")
    assert book.reason("distance").aspects == ("车程",)
    assert book.reason("price") == default_codebook.reason("price")


def test_new_reason_ids_and_names(points_book):
    assert suggest_id(points_book, "Points reset!") == "points_reset"
    assert suggest_id(points_book, "积分") == "theme_1"
    assert suggest_id(points_book, "points") == "points_1"
    assert points_book.ids[-1] == "other" and "points" in points_book.ids
    with pytest.raises(CodebookError, match="lower-case"):
        add_reason(points_book, "积分", "积分", signals=("积分",))
    with pytest.raises(CodebookError, match="already exists"):
        add_reason(points_book, "points", "积分", signals=("积分",))
    with pytest.raises(CodebookError, match="signal word"):
        add_reason(points_book, "loyalty", "忠诚", signals=())
    with pytest.raises(CodebookError, match="other"):
        set_words(points_book, "other", "signals", ["随便"])


def test_a_bad_upload_is_one_sentence():
    with pytest.raises(CodebookError, match="not a zip"):
        codebook_from_zip(b"price = 1")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil/price.toml", 'id = "Price!"\n')
    with pytest.raises(CodebookError, match="price.toml:1: 'id' must be lower-case"):
        codebook_from_zip(buffer.getvalue())
