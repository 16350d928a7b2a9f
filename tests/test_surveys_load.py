import pytest

from surveys import SurveyError, load_survey

from conftest import DATA

ENCODED = {
    "survey_utf8.csv": "UTF-8",
    "survey_utf8_bom.csv": "UTF-8 (BOM)",
    "survey_gbk.csv": "GB18030",
    "survey_big5.csv": "Big5",
    "survey_utf16.tsv": "UTF-16",
    "survey_title_row.csv": "GB18030",
}


@pytest.mark.parametrize(("name", "encoding"), ENCODED.items())
def test_every_encoding_reads_the_same_answers(name, encoding):
    survey = load_survey(DATA / name)
    assert survey.encoding == encoding
    assert len(survey.frame) == 12
    answers = survey.frame[survey.text_columns[0]]
    if name == "survey_big5.csv":
        assert answers.iloc[1] == "服務員態度很差，叫了半天沒人理"
    else:
        assert answers.iloc[1] == "服务员态度很差，叫了半天没人理"


def test_title_line_above_header_is_skipped():
    survey = load_survey(DATA / "survey_title_row.csv")
    assert survey.header_row == 1
    assert list(survey.frame.columns) == ["客户编号", "区域", "会员等级", "流失原因", "年消费金额"]


def test_roles_and_ids_with_leading_zeros_stay_text():
    survey = load_survey(DATA / "survey_utf8.csv")
    assert survey.roles == {"客户编号": "id", "区域": "segment", "会员等级": "segment",
                            "流失原因": "text", "年消费金额": "number"}
    assert survey.frame["客户编号"].iloc[0] == "000101"
    assert survey.frame["年消费金额"].iloc[0] == 3200


def test_xlsx_picks_the_data_sheet_and_keeps_formula_text():
    survey = load_survey(DATA / "survey.xlsx")
    assert survey.sheets == ("说明", "回访数据")
    assert survey.sheet == "回访数据" and len(survey.frame) == 12
    assert survey.frame["流失原因"].iloc[9].startswith("=HYPERLINK(")
    assert survey.frame["流失原因"].iloc[10].startswith("<script>")


def test_xlsx_named_sheet_and_unknown_sheet():
    with pytest.raises(SurveyError, match="no answers"):
        load_survey(DATA / "survey.xlsx", sheet="说明")  # a notes sheet with one line
    with pytest.raises(SurveyError, match="no sheet"):
        load_survey(DATA / "survey.xlsx", sheet="不存在")


def test_plain_text_is_one_answer_per_line():
    survey = load_survey(DATA / "answers.txt")
    assert list(survey.frame.columns) == ["回答"] and len(survey.frame) == 11
    assert survey.text_columns == ["回答"]


def test_bytes_upload_and_json_lines():
    data = '{"id": 1, "原因": "太贵了"}\n{"id": 2, "原因": "离家太远"}\n'.encode("utf-8")
    survey = load_survey(data, name="answers.jsonl")
    assert survey.frame["原因"].tolist() == ["太贵了", "离家太远"]


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("empty.csv", "empty"),
        ("header_only.csv", "no answers"),
        ("binary.csv", "binary"),
        ("broken.xlsx", "damaged"),
        ("missing.csv", "No file"),
    ],
)
def test_bad_files_get_one_clear_sentence(name, fragment):
    with pytest.raises(SurveyError) as caught:
        load_survey(DATA / name)
    assert fragment in caught.value.en
    assert caught.value.zh and caught.value.en.count(".") <= 2


def test_size_limit_is_checked_before_reading():
    with pytest.raises(SurveyError, match="over the"):
        load_survey(DATA / "survey_utf8.csv", max_bytes=100)


def test_undecodable_bytes_are_refused():
    garbage = bytes(range(0x80, 0x100)) * 50
    with pytest.raises(SurveyError, match="encoding"):
        load_survey(garbage, name="x.csv")
