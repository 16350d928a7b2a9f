"""Comparisons that name a rival: the construction matches, and the thing compared must be a rival."""

from dataclasses import replace

import pandas as pd
import pytest

from analysis.code import code_answers
from analysis.codebook import load_codebook
from analysis.rivals import RivalFinder, rival_mentions


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


@pytest.fixture(scope="module")
def finder(codebook):
    return RivalFinder(codebook)


@pytest.mark.parametrize("text, rival", [
    ("味道远不如隔壁的老王面馆", "老王"),  # a name the tagger knows as a person's
    ("感觉还没有汉庭干净", "汉庭"),  # a chain listed in rival_words
    ("跟肯德基比差远了", "肯德基"),
    ("鸡翅还是星巴克的好吃", "星巴克"),  # a preference for a rival
    ("以后要喝就喝伊利", "伊利"),  # a switch
    ("下次还是去超市买吧", "超市"),  # a kind of rival
    ("这个价格还不如住如家", "如家"),
    ("远不如之前用的诺基亚", "诺基亚"),  # a rival used before: our past, then a name
    ("粥还不如早点摊上的好", "摊"),  # street food
    ("还没有市场买的好吃", "市场"),
    ("这屏幕不如买小米的", "小米"),  # a brand the tagger takes for millet
])
def test_a_rival_named_in_a_comparison_we_lose(finder, text, rival):
    assert [m.rival for m in finder.mentions(text)] == [rival]


@pytest.mark.parametrize("text", [
    "不如以前好吃了",  # our own past
    "还不如二星级",  # a standard
    "房间不如个招待所",
    "没有想象中好",  # an expectation
    "还不如自己在家做",  # doing it oneself is no rival
    "没有什么好说的",
    "还不如不买",
    "下次去杭州还住这家",  # a trip, not a switch
    "还不如2g网络",  # a spec, not a brand
])
def test_no_rival_in_comparisons_with_ourselves_or_a_standard(finder, text):
    assert finder.mentions(text) == []


def test_advice_to_others_voids_the_comparison(finder):
    assert finder.mentions("建议大家换一家,还不如去别家") == []


def test_the_coder_tags_competitor_with_the_comparison_as_evidence(codebook):
    coded = code_answers(pd.Series(["菜太咸了,还是麦当劳的好吃", "菜太咸了,不如以前好吃"]), codebook)
    assert coded["tags"].tolist() == ["competitor|quality", "quality"]
    assert "还是麦当劳的好吃 (rival)" in coded["evidence"][0]


def test_rival_words_are_data_a_researcher_extends(codebook):
    text = "还不如楼下那家大碗面"
    assert rival_mentions([text], codebook) == [[]]
    extended = replace(codebook, cues=replace(codebook.cues, rival_words=(*codebook.cues.rival_words, "大碗面")))
    assert [m.rival for m in rival_mentions([text], extended)[0]] == ["大碗面"]


def test_a_codebook_without_rival_patterns_finds_none(codebook):
    bare = replace(codebook, reasons=tuple(replace(r, rival_patterns=()) for r in codebook.reasons))
    assert not RivalFinder(bare)
    assert rival_mentions(["跟肯德基比差远了"], bare) == [[]]
