"""The 主题发现 view as a researcher uses it: promote, merge, dismiss, edit and download."""

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from analysis.codebook import load_codebook
from analysis.codebook_edit import add_reason, codebook_zip
from conftest import started_app


pytestmark = pytest.mark.usefixtures("fresh_app_caches")


def started() -> AppTest:
    return started_app(source="auto")


def pareto_counts(at: AppTest) -> dict[str, float]:
    """Reason name → bar height, from the data streamlit sent with the Pareto chart."""
    chart = at.get("vega_lite_chart")[0]
    frame = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_pandas()
    return dict(zip(frame["name"], frame["count"]))


def theme_headings(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**主题 ")]


def test_themes_are_listed_with_terms_size_and_examples():
    at = started()
    assert "主题发现" in [s.value for s in at.subheader]
    headings = theme_headings(at)
    assert len(headings) >= 2
    assert "条 ·" in headings[0]
    summary = [c.value for c in at.caption if "合并近似重复后" in c.value]
    assert summary and "按轮廓系数自动选择" in summary[0]
    assert at.text_input(key="themes_words_1").value  # terms offered as signal words
    examples = [x.value for x in at.text if x.value.startswith("• ")]
    assert len(examples) == len(headings) and all(1 <= e.count("• ") <= 3 for e in examples)


def test_promoting_a_theme_adds_a_reason_to_the_pareto():
    at = started()
    before = pareto_counts(at)
    at.text_input(key="themes_name_1").set_value("原店保养").run()
    at.text_input(key="themes_words_1").set_value("那家店 买车的店").run()
    at.button(key="themes_promote_1").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["已新增原因“原店保养”，数据已重新编码。"]
    after = pareto_counts(at)
    assert after.get("原店保养", 0) > 0
    assert after["其他"] < before["其他"]
    assert "原店保养" in at.selectbox(key="themes_edit_reason").options


def test_promote_without_a_name_is_one_sentence_and_changes_nothing():
    at = started()
    before = pareto_counts(at)
    at.button(key="themes_promote_1").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["新原因需要一个名称。"]
    assert pareto_counts(at) == before


def test_merging_a_theme_adds_its_words_to_a_reason():
    at = started()
    before = pareto_counts(at)
    # words the shipped model does not already read as a rival (it now tags 隔壁那家店… on its own)
    at.text_input(key="themes_words_1").set_value("家里人去弄").run()
    at.selectbox(key="themes_merge_to_1").set_value("competitor").run()
    at.button(key="themes_merge_1").click().run()
    assert not at.exception, at.exception
    after = pareto_counts(at)
    assert after["竞争对手"] > before["竞争对手"] and after["其他"] < before["其他"]


def test_dismissing_a_theme_hides_it():
    at = started()
    first = theme_headings(at)[0]
    at.button(key="themes_dismiss_1").click().run()
    assert not at.exception
    assert first not in theme_headings(at)


def test_editor_words_recode_the_data():
    at = started()
    before = pareto_counts(at)
    at.selectbox(key="themes_edit_reason").set_value("distance").run()
    editor = next(e for e in at.data_editor if e.key.startswith("themes_editor_distance"))
    assert {"远", "太远"} <= set(editor.value["词"])
    at.session_state[editor.key] = {"edited_rows": {}, "added_rows": [{"词": "那家店", "类别": "信号词"}],
                                    "deleted_rows": []}
    at.run()
    at.button(key="themes_apply").click().run()
    assert not at.exception, at.exception
    assert pareto_counts(at)["距离"] > before["距离"]
    assert "当前使用已编辑的编码本" in "".join(c.value for c in at.caption)
    assert "下载编码本（TOML 文件 zip）" in [b.label for b in at.download_button]
    at.button(key="themes_reset").click().run()
    assert not at.exception
    assert pareto_counts(at) == before


def test_an_uploaded_codebook_drives_the_coding():
    book = add_reason(load_codebook(packs=("auto",)), "home_store", "原店保养", "Home store", ("那家店",))
    at = started()
    at.file_uploader(key="themes_upload").set_value(("codebook.zip", codebook_zip(book), "application/zip")).run()
    at.button(key="themes_use_upload").click().run()
    assert not at.exception, at.exception
    assert pareto_counts(at).get("原店保养", 0) > 0


def test_a_bad_codebook_upload_is_one_sentence():
    at = started()
    at.file_uploader(key="themes_upload").set_value(("codebook.zip", b"not a zip", "application/zip")).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["这不是 zip 文件；请先下载编码本，再上传该 zip。"]
