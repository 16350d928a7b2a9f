"""Platform exports read as they come: rows, roles, labels, options and decoded text."""

import json
import subprocess
import sys

import pytest

from surveys import SurveyError, load_survey
from surveys.platforms import split_choices

from conftest import DATA, ROOT

WJX = ROOT.parent / "shared" / "corpora" / "wjx"
REASON_OPTIONS = ("价格太贵", "客服态度差", "网络经常断线", "营业厅离家太远", "换了其他运营商")
# file → (platform, encoding, reason choice column, open reason column)
LAYOUTS = {
    "wjx_text.csv": ("wjx", "GB18030", "3、您离开的原因（多选） (多选题 *必答)", "4、请具体说说您离开的原因 (填空题)"),
    "wjx_code.xlsx": ("wjx", None, "3、您离开的原因（多选）", "4、请具体说说您离开的原因"),
    "tencent.csv": ("tencent", "UTF-8 (BOM)", "3.您离开的原因（多选）", "4.请具体说说您离开的原因"),
    "qualtrics.csv": ("qualtrics", "UTF-8 (BOM)", "Q3", "Q4"),
    "surveymonkey.xlsx": ("surveymonkey", None, "您离开的原因（多选）", "请具体说说您离开的原因"),
    "surveymonkey.csv": ("surveymonkey", "UTF-8", "您离开的原因（多选）", "请具体说说您离开的原因"),
    "google_forms.csv": ("google_forms", "UTF-8", "您离开的原因（多选）", "请具体说说您离开的原因"),
}


@pytest.mark.parametrize("name", LAYOUTS)
def test_each_layout_reads_respondents_roles_and_options(name):
    platform, encoding, choice, text = LAYOUTS[name]
    survey = load_survey(DATA / name)
    assert (survey.platform, survey.encoding, len(survey.frame)) == (platform, encoding, 8)
    assert survey.roles[choice] == "multi_choice" and survey.roles[text] == "text"
    assert set(REASON_OPTIONS) <= set(survey.options[choice])
    assert survey.labels[choice].startswith("您离开的原因（多选）")
    assert survey.labels[text] == "请具体说说您离开的原因"
    assert survey.frame[text].iloc[1] == "报修三次都没人上门，客服一直推诿"
    assert split_choices(survey.frame[choice].iloc[6]) == ["价格太贵", "客服态度差", "网络经常断线"]
    assert survey.frame[choice].isna().iloc[5]  # ticked nothing / skipped
    assert survey.reason_choice_columns == [choice] and survey.reason_text_columns[0] == text


def test_wjx_metadata_by_name_skip_markers_fill_ins_and_matrix_rows():
    text_export = load_survey(DATA / "wjx_text.csv")
    roles = text_export.roles
    assert (roles["序号"], roles["提交答卷时间"], roles["所用时间"], roles["来自IP"]) == ("id", "time", "meta", "meta")
    assert text_export.frame["所用时间"].iloc[0] == "91秒"
    assert text_export.frame["4、请具体说说您离开的原因 (填空题)"].isna().iloc[2]  # (空)
    # ┋ inside the 〖fill-in〗 does not split the cell
    assert split_choices(text_export.frame["3、您离开的原因（多选） (多选题 *必答)"].iloc[4]) == ["其他〖押金不退┋还要收违约金〗"]
    assert text_export.labels["客服"] == "请评价以下方面—客服" and roles["客服"] == "choice"
    code_export = load_survey(DATA / "wjx_code.xlsx")
    assert code_export.roles["来自IP"] == "meta" and code_export.roles["序号"] == "id"  # another column order
    assert code_export.frame["4、请具体说说您离开的原因"].isna().iloc[2]  # (跳过)
    assert code_export.frame["3、您离开的原因（多选）"].iloc[0] == "价格太贵┋换了其他运营商"
    assert code_export.options["3、您离开的原因（多选）"] == (*REASON_OPTIONS, "其他")


def test_tencent_trailing_comma_and_fill_in_column():
    survey = load_survey(DATA / "tencent.csv")
    assert list(survey.frame.columns)[-1] == "4.请具体说说您离开的原因"  # no empty column from the trailing comma
    fill_in = "3.您离开的原因（多选）:其他_填空1"
    assert survey.roles[fill_in] == "text" and survey.frame[fill_in].iloc[4] == "押金不退┋还要收违约金"
    assert survey.roles["编号"] == "id" and survey.roles["开始答题时间"] == "time"


def test_qualtrics_three_header_rows_names_and_labels():
    survey = load_survey(DATA / "qualtrics.csv")
    assert list(survey.frame.columns)[:2] == ["StartDate", "EndDate"]
    assert survey.labels["Q1"] == "您使用我们的宽带多久了" and survey.roles["Q1"] == "choice"
    assert survey.labels["Q3"] == "您离开的原因（多选）"  # " - Selected Choice" dropped
    assert survey.roles["Q3_6_TEXT"] == "text" and survey.roles["ResponseId"] == "id"
    assert survey.frame["ResponseId"].iloc[0] == "R_3kZ1xYqLw9pQ1"


def test_surveymonkey_merged_question_cells_and_matrix():
    survey = load_survey(DATA / "surveymonkey.xlsx")
    assert survey.roles["请评价以下方面 [网速]"] == "choice"
    assert survey.labels["请评价以下方面 [网速]"] == "请评价以下方面 — 网速"
    assert survey.roles["您离开的原因（多选） [Other (please specify)]"] == "text"
    assert survey.frame["Respondent ID"].iloc[0] == "11461820713"  # eleven digits stay text
    assert survey.roles["Respondent ID"] == "id"


def test_google_forms_grid_and_comma_joined_checkboxes():
    survey = load_survey(DATA / "google_forms.csv")
    assert survey.roles["Timestamp"] == "time"
    assert survey.labels["请评价以下方面 [客服]"] == "请评价以下方面 — 客服"
    assert survey.frame["您离开的原因（多选）"].iloc[0] == "价格太贵┋换了其他运营商"


@pytest.mark.parametrize(("name", "encoding", "header_row", "complaint"), [
    ("tickets_gb18030.csv", "GB18030", 2, "套餐没通知就涨价，还多扣了二十块"),
    ("tickets_big5.csv", "Big5", 2, "套餐沒通知就漲價，還多扣了二十塊"),
    ("tickets_utf16.txt", "UTF-16", 1, "套餐没通知就涨价，还多扣了二十块"),
])
def test_tickets_title_lines_synonyms_and_long_ids(name, encoding, header_row, complaint):
    survey = load_survey(DATA / name)
    assert (survey.platform, survey.encoding, survey.header_row, len(survey.frame)) == ("generic", encoding, header_row, 6)
    roles = list(survey.roles.values())
    assert roles == ["id", "time", "segment", "text", "meta"]
    assert survey.frame.iloc[0, 0] == "20240501000012345"
    assert survey.frame.iloc[1, 3] == complaint
    assert survey.reason_text_columns == [survey.frame.columns[3]]


def test_real_wjx_text_and_code_exports_agree():
    text_export = load_survey(WJX / "800_800_0.xls")
    code_export = load_survey(WJX / "800_800_2.xls")
    assert text_export.platform == code_export.platform == "wjx"
    assert len(text_export.frame) == len(code_export.frame) == 800
    assert text_export.roles["6、兴趣爱好"] == code_export.roles["第6题"] == "multi_choice"
    assert text_export.roles["3、性别"] == code_export.roles["3、性别"] == "choice"
    assert text_export.frame["6、兴趣爱好"].iloc[0] == code_export.frame["第6题"].iloc[0] == "运动┋影视┋购物"
    assert set(text_export.options["6、兴趣爱好"]) <= set(code_export.options["第6题"]) | {"其他【请注明】"}


def test_real_wjx_all_data_skips_matrix_and_ranking():
    readable = load_survey(WJX / "All_Data_Readable.xls")
    original = load_survey(WJX / "All_Data_Original.xls")
    assert len(readable.frame) == len(original.frame) == 4
    question = "3、请问在购买前,您从哪里了解到“中兴天机7”?(多选,) (多选题 *必答)"
    assert readable.frame[question].isna().iloc[0]  # (跳过)
    assert readable.frame[question].iloc[1].endswith("其他【请注明】〖柜台〗")
    assert "其他【请注明】" in readable.options[question]
    assert original.frame["第3题"].isna().iloc[0]  # -3
    assert original.frame["第3题"].iloc[1] == readable.frame[question].iloc[1].removesuffix("〖柜台〗")
    assert original.frame["第12题"].iloc[1].split("┋")[:2] == ["骁龙820处理器", "三星AMOLED屏幕"]  # by rank
    assert readable.labels["界面美观度"].endswith("—界面美观度") and readable.roles["界面美观度"] == "choice"
    assert original.frame["界面美观度"].iloc[1] == 4 and readable.frame["界面美观度"].iloc[1] == "4分"
    assert readable.roles["7、请问您使用的上一部手机(“中兴天机7”之前)的品牌及型号? (填空题 *必答)"] == "text"


def test_inspect_prints_platform_labels_roles_and_options():
    result = subprocess.run([sys.executable, "-m", "analysis", "inspect", str(DATA / "wjx_text.csv")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["platform"], report["encoding"], report["rows"]) == ("wjx", "GB18030", 8)
    columns = {c["name"]: c for c in report["columns"]}
    reason = columns["3、您离开的原因（多选） (多选题 *必答)"]
    assert reason["role"] == "multi_choice" and reason["label"] == "您离开的原因（多选）"
    assert reason["options"][:2] == ["价格太贵", "换了其他运营商"]
    assert "options" not in columns["2、您所在的城市"]
    assert report["reason_choice_columns"] == ["3、您离开的原因（多选） (多选题 *必答)"]


def test_ticket_column_synonyms():
    rows = "\n".join(f"SL2024{i:06d},2024-05-{i % 28 + 1:02d} 09:00,{['资费', '网络', '服务'][i % 3]},"
                     f"第{i}位用户反映宽带经常掉线，要求退费" for i in range(12))
    data = f"受理编号,创建时间,诉求类型,问题描述\n{rows}\n".encode("gb18030")
    survey = load_survey(data, name="工单.csv")
    assert survey.roles == {"受理编号": "id", "创建时间": "time", "诉求类型": "segment", "问题描述": "text"}
    assert survey.reason_text_columns == ["问题描述"]


@pytest.mark.parametrize("name", ["qualtrics.csv", "tencent.csv", "surveymonkey.csv"])
def test_platform_header_without_answers(name, tmp_path):
    header_rows = {"qualtrics.csv": 3, "tencent.csv": 1, "surveymonkey.csv": 2}[name]
    lines = (DATA / name).read_bytes().splitlines(keepends=True)[:header_rows]
    with pytest.raises(SurveyError, match="no answers"):
        load_survey(b"".join(lines), name=name)


def test_a_corrected_role_finds_options():
    survey = load_survey(DATA / "tickets_gb18030.csv")
    fixed = survey.with_roles({"一级分类": "multi_choice", "处理结果": "segment"})
    assert fixed.roles["一级分类"] == "multi_choice" and fixed.roles["处理结果"] == "segment"
    assert fixed.options["一级分类"] == ("网络故障", "资费争议", "服务态度", "销户")
    assert survey.roles["一级分类"] == "segment"  # the detected survey is untouched


def test_qualtrics_legacy_export_without_import_ids():
    lines = (DATA / "qualtrics.csv").read_bytes().splitlines(keepends=True)
    survey = load_survey(b"".join(lines[:2] + lines[3:]), name="legacy.csv")
    assert survey.platform == "qualtrics" and len(survey.frame) == 8
    assert survey.labels["Q4"] == "请具体说说您离开的原因" and survey.roles["Q3"] == "multi_choice"


def test_google_forms_chinese_timestamp_header():
    data = ("时间戳记,您离开的原因\n" + "".join(
        f'2024/05/0{i} 上午10:00:00,"{reasons}"\n'
        for i, reasons in enumerate(["价格太贵, 离家太远", "价格太贵", "离家太远, 客服态度差", "客服态度差"], 1))
            ).encode("utf-8")
    survey = load_survey(data, name="表单.csv")
    assert survey.platform == "google_forms" and survey.roles["时间戳记"] == "time"
    assert survey.roles["您离开的原因"] == "multi_choice"
    assert survey.options["您离开的原因"] == ("价格太贵", "离家太远", "客服态度差")


@pytest.mark.parametrize("name", ["wjx_text.csv", "tencent.csv", "qualtrics.csv", "surveymonkey.csv",
                                  "google_forms.csv", "tickets_gb18030.csv"])
def test_cut_off_files_read_or_get_one_sentence(name):
    lines = (DATA / name).read_bytes().splitlines(keepends=True)
    for keep in range(1, 5):
        try:
            survey = load_survey(b"".join(lines[:keep]), name=name)
        except SurveyError as error:
            assert error.en.endswith(".") and error.zh
        else:
            assert 1 <= len(survey.frame) < keep
