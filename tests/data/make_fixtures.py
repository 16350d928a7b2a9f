"""Writes the small survey files under tests/data/ (run once; the outputs are committed).

The answers are written by hand for these tests, in the style of a store's churn call-back
survey; none comes from the evaluation sets.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import opencc

HERE = Path(__file__).resolve().parent
HEADER = ["客户编号", "区域", "会员等级", "流失原因", "年消费金额"]
ROWS = [
    ["000101", "城区", "金卡", "价格太贵了，隔壁那家便宜一半", "3200"],
    ["000102", "城区", "普卡", "服务员态度很差，叫了半天没人理", "860"],
    ["000103", "东县", "普卡", "离家太远了，开车要一个多小时", "450"],
    ["000104", "东县", "银卡", "搬家了，去外地工作", "1200"],
    ["000105", "城区", "金卡", "价格还行，就是等了两个小时才轮到我", "5100"],
    ["000106", "西乡", "普卡", "东西质量不行，买回去没两天就坏了", "300"],
    ["000107", "西乡", "银卡", "不是因为贵，主要是太远", "980"],
    ["000108", "城区", "普卡", "挺好的，就是最近不需要了", "150"],
    ["000109", "东县", "金卡", "朋友开了家店，以后去他那儿买", "7600"],
    ["000110", "城区", "银卡", "=HYPERLINK(\"http://example.com\",\"点我\")", "0"],
    ["000111", "西乡", "普卡", "<script>alert('x')</script>收费不透明，乱收费", "420"],
    ["000112", "城区", "普卡", "", "90"],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",", title: str | None = None) -> None:
    """Header and rows as a delimited text file in the given encoding, with an optional title line."""
    buffer = io.StringIO()
    if title:
        buffer.write(title + "\n")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def main() -> None:
    """Write every fixture."""
    table = [HEADER, *ROWS]
    write_csv(HERE / "survey_utf8.csv", table, "utf-8")
    write_csv(HERE / "survey_utf8_bom.csv", table, "utf-8-sig")
    write_csv(HERE / "survey_gbk.csv", table, "gbk")
    s2tw = opencc.OpenCC("s2tw")
    write_csv(HERE / "survey_big5.csv", [[s2tw.convert(c) for c in r] for r in table], "cp950")
    write_csv(HERE / "survey_utf16.tsv", table, "utf-16", delimiter="\t")
    write_csv(HERE / "survey_title_row.csv", table, "gb18030", title="2024年门店流失客户回访记录,,,,")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "说明"
    sheet.append(["本表为门店流失回访导出"])
    data = book.create_sheet("回访数据")
    data.append(["门店流失回访（2024年）"])
    data.append(HEADER)
    for row in ROWS:
        data.append([*row[:4], int(row[4])])
    data["D12"] = '=HYPERLINK("http://example.com","点我")'
    book.save(HERE / "survey.xlsx")
    (HERE / "answers.txt").write_text("\n".join(r[3] for r in ROWS if r[3]) + "\n", encoding="utf-8")
    (HERE / "empty.csv").write_bytes(b"")
    (HERE / "header_only.csv").write_text(",".join(HEADER) + "\n", encoding="utf-8")
    (HERE / "binary.csv").write_bytes(bytes(range(256)) * 8)
    (HERE / "broken.xlsx").write_bytes(b"PK\x03\x04" + b"\x00garbage" * 40)


if __name__ == "__main__":
    main()
