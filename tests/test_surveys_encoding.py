import opencc
import pytest

from surveys.encoding import EncodingError, decode_bytes, plausibility

TEXT = "这家店的价格越来越贵，服务员态度也不好，以后不会再来了。离家又远，停车也不方便。"


def test_real_text_scores_far_above_misdecoded_bytes():
    big5_bytes = opencc.OpenCC("s2tw").convert(TEXT).encode("cp950")
    garbage = big5_bytes.decode("gb18030", errors="replace")
    assert plausibility(TEXT) > 0.6
    assert plausibility(garbage) < 0.3


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8", "utf-8-sig", "utf-16"])
def test_simplified_text_round_trips(encoding):
    text, _ = decode_bytes(TEXT.encode(encoding))
    assert text == TEXT


def test_big5_is_not_mistaken_for_gb18030():
    traditional = opencc.OpenCC("s2tw").convert(TEXT)
    text, name = decode_bytes(traditional.encode("cp950"))
    assert (text, name) == (traditional, "Big5")


def test_nul_bytes_without_bom_are_binary():
    with pytest.raises(EncodingError):
        decode_bytes(b"\x00\x01\x02abc" * 10)
