import pandas as pd

from surveys.roles import column_role, guess_text_columns


def test_roles_from_values_and_names():
    frame = pd.DataFrame({
        "工单编号": [f"GD2024{i:06d}" for i in range(40)],
        "受理时间": pd.date_range("2024-01-01", periods=40, freq="D").strftime("%Y-%m-%d %H:%M"),
        "城市": ["杭州", "宁波", "温州", "绍兴"] * 10,
        "月费": [19, 39, 129, 199] * 10,
        "投诉内容": [f"第{i}次来电，网络信号太差，客服一直推诿不处理" for i in range(40)],
    })
    roles = {c: column_role(c, frame[c]) for c in frame.columns}
    assert roles == {"工单编号": "id", "受理时间": "time", "城市": "segment", "月费": "number", "投诉内容": "text"}
    assert guess_text_columns(frame) == ["投诉内容"]


def test_longer_free_text_is_preferred_over_short_labels():
    frame = pd.DataFrame({
        "备注": ["无", "无", "回访", "无", "回访", "已处理"] * 5,
        "流失原因": [f"离家太远了，开车要{i}十分钟，不想跑" for i in range(30)],
    })
    assert guess_text_columns(frame)[0] == "流失原因"
