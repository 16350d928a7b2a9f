from analysis.segment import Segmenter


def make_segmenter() -> Segmenter:
    return Segmenter(words=["远", "差", "贵", "态度差", "便宜", "服务"], prefixes=["太", "很", "不", "不太", "好"])


def test_codebook_phrases_stay_whole():
    assert "态度差" in make_segmenter().tokens("这家店态度差")


def test_glued_degree_words_come_off():
    tokens = make_segmenter().tokens("太远了，态度很差")
    assert tokens[:2] == ["太", "远"]
    assert tokens[-2:] == ["很", "差"]


def test_words_containing_a_signal_are_not_split():
    tokens = make_segmenter().tokens("服务器坏了，远程办公，永远不去")
    assert "服务器" in tokens and "服务" not in tokens
    assert "远程" in tokens and "永远" in tokens and "远" not in tokens


def test_dedicated_tokenizer_leaves_global_jieba_alone():
    import jieba

    make_segmenter().tokens("态度差")
    assert "态度差" not in jieba.dt.FREQ or jieba.dt.FREQ.get("态度差", 0) == 0
