"""The detection panel, one-click role fixes and ticked-vs-written reasons, driven through AppTest.

A fixture file is served through the demo path (the upload widget itself is driven in the browser test).
"""

import pytest
from streamlit.testing.v1 import AppTest

import surveys.demo

from conftest import DATA, new_app, started_app


pytestmark = pytest.mark.usefixtures("fresh_app_caches")


def opened(monkeypatch, name: str, **session) -> AppTest:
    """The app showing tests/data/<name> as if it were the demo file."""
    monkeypatch.setitem(surveys.demo.DEMO_FILES, "auto", DATA / name)
    return started_app(source="auto", **session)


def role_column(at: AppTest) -> dict[str, str]:
    table = next(d.value for d in at.dataframe if "识别为" in d.value.columns)
    return dict(zip(table["列名"], table["识别为"]))


def test_panel_shows_platform_encoding_roles_and_options(monkeypatch):
    at = opened(monkeypatch, "wjx_text.csv")
    assert at.expander[0].label == "识别结果：问卷星 · GB18030 · 8 份答卷"
    roles = role_column(at)
    assert roles["序号"] == "编号" and roles["3、您离开的原因（多选） (多选题 *必答)"] == "多选题"
    assert roles["4、请具体说说您离开的原因 (填空题)"] == "开放题文本"
    table = next(d.value for d in at.dataframe if "选项" in d.value.columns)
    assert table["选项"].iloc[8].startswith("价格太贵、换了其他运营商")


def test_one_click_corrects_a_role(monkeypatch):
    at = opened(monkeypatch, "tencent.csv")
    assert role_column(at)["地理位置市"] == "分组"
    at.selectbox(key="upload_fix_column").set_value("地理位置市").run()
    radio = next(r for r in at.radio if r.key.startswith("upload_role:"))
    radio.set_value("meta").run()
    assert not at.exception
    assert role_column(at)["地理位置市"] == "其他信息"
    assert "filter:地理位置市" not in [m.key for m in at.sidebar.multiselect]


def test_ticked_and_written_reasons_side_by_side(monkeypatch):
    at = opened(monkeypatch, "qualtrics.csv", lang="en")
    chosen = next(m for m in at.sidebar.multiselect if m.key.startswith("upload_choices:"))
    assert chosen.value == ["Q3"]
    assert at.sidebar.selectbox(key="text_col").value == "Q4"  # the open question, not the 其他 fill-in
    table = next(d.value for d in at.dataframe if "Ticked" in d.value.columns).set_index("Reason")
    assert table.loc["Price", "Ticked"] == 3 and table.loc["Distance", "Ticked"] == 1
    assert (table["Combined"] >= table[["Ticked", "Written"]].max(axis=1)).all()
    chosen.set_value([]).run()  # the written answers alone
    assert not at.exception
    assert not [d for d in at.dataframe if "Ticked" in d.value.columns]


@pytest.mark.parametrize(("name", "sentence"), [
    ("empty.csv", "文件是空的。"),
    ("header_only.csv", "文件只有表头，下面没有答卷数据。"),
    ("binary.csv", "binary.csv 看起来是二进制文件而不是表格；请上传 CSV、TSV、TXT、XLSX、XLS 或 JSON lines。"),
    ("broken.xlsx", "Excel 文件已损坏或并非真正的 .xlsx；请用 Excel 打开后重新保存。"),
])
def test_bad_files_show_one_sentence(monkeypatch, name, sentence):
    at = opened(monkeypatch, name)
    assert [e.value for e in at.error] == [sentence]
    assert not at.get("vega_lite_chart")


def test_file_over_the_size_limit_shows_one_sentence(monkeypatch, tmp_path):
    big = tmp_path / "big.csv"
    big.write_text("编号,原因\n" + "1,太贵了\n" * 300_000, encoding="utf-8")
    monkeypatch.setitem(surveys.demo.DEMO_FILES, "auto", big)
    monkeypatch.setenv("CHURNLENS_MAX_UPLOAD_MB", "1")
    at = new_app(source="auto")
    at.run()
    assert [e.value for e in at.error] == [
        "文件有 3.4 MB，超过了 1.0 MB 的上限；请拆分文件，或调高 CHURNLENS_MAX_UPLOAD_MB。"]
