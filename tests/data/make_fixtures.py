"""Writes the small survey files under tests/data/ (run once; the outputs are committed).

The answers are written by hand for these tests, in the style of a store's churn call-back
survey; none comes from the evaluation sets.
"""

from __future__ import annotations

import csv
import io
import json
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


# ---- survey-platform exports: one broadband churn survey, written the way each platform exports it ----
# 8 respondents; the reasons ticked and the reasons written differ on purpose, so combined tags show both.
OPTIONS = ["价格太贵", "客服态度差", "网络经常断线", "营业厅离家太远", "换了其他运营商", "其他"]
RESPONDENTS = [
    # (number, years, city, ticked options, fill-in for 其他, open answer)
    ("1", "1年以内", "杭州", ["价格太贵", "换了其他运营商"], "", "隔壁运营商送宽带，还便宜一半"),
    ("2", "1-3年", "宁波", ["客服态度差"], "", "报修三次都没人上门，客服一直推诿"),
    ("3", "3年以上", "杭州", ["网络经常断线", "价格太贵"], "", ""),
    ("4", "1-3年", "温州", ["营业厅离家太远"], "", "搬家了，新小区没有覆盖"),
    ("5", "1年以内", "宁波", ["其他"], "押金不退┋还要收违约金", "押金拖了两个月才退"),
    ("6", "3年以上", "温州", [], "", "网速太慢，看视频老卡"),
    ("7", "1-3年", "杭州", ["价格太贵", "客服态度差", "网络经常断线"], "", "套餐到期后涨价了"),
    ("8", "1年以内", "杭州", ["换了其他运营商"], "", ""),
]
REASON_Q = "您离开的原因（多选）"
OPEN_Q = "请具体说说您离开的原因"
YEARS_Q = "您使用我们的宽带多久了"
CITY_Q = "您所在的城市"
MATRIX_Q = "请评价以下方面"
MATRIX_ROWS = ["网速", "客服", "资费"]
SCORES = [["3分", "4分", "2分"], ["4分", "1分", "3分"], ["2分", "3分", "2分"], ["4分", "4分", "4分"],
          ["3分", "2分", "3分"], ["1分", "3分", "3分"], ["2分", "2分", "1分"], ["4分", "3分", "2分"]]


def _wjx_choice(ticked: list[str], fill_in: str) -> str:
    """问卷星's 按选项文本 cell: options joined by ┋, a fill-in as 其他〖…〗."""
    return "┋".join(f"{o}〖{fill_in}〗" if o == "其他" and fill_in else o for o in ticked) or "(跳过)"


def write_wjx() -> None:
    """问卷星 按选项文本 export as GB18030 CSV, and 按选项序号 export as XLSX (metadata in another order)."""
    meta = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
    questions = [f"1、{YEARS_Q}", f"2、{CITY_Q}", f"3、{REASON_Q} (多选题 *必答)", f"4、{OPEN_Q} (填空题)",
                 f"5、{MATRIX_Q} (矩阵单选题 *必答)—{MATRIX_ROWS[0]}", *MATRIX_ROWS[1:]]
    rows = [meta + questions]
    for (n, years, city, ticked, fill_in, text), scores in zip(RESPONDENTS, SCORES):
        rows.append([n, f"2024/5/{n} 10:2{n}:05", f"{90 + int(n)}秒", "微信", "N/A", f"1.2.3.{n}(浙江-{city})",
                     years, city, _wjx_choice(ticked, fill_in), text or "(空)", *scores])
    write_csv(HERE / "wjx_text.csv", rows, "gb18030")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    coded_meta = ["序号", "来自IP", "提交答卷时间", "所用时间", "来源详情", "来源"]
    sheet.append(coded_meta + [f"1、{YEARS_Q}", f"2、{CITY_Q}", *(f"3、{REASON_Q}({o})" for o in OPTIONS),
                               f"4、{OPEN_Q}", f"5、{MATRIX_Q}—{MATRIX_ROWS[0]}", *MATRIX_ROWS[1:]])
    years_codes = {"1年以内": 1, "1-3年": 2, "3年以上": 3}
    city_codes = {"杭州": 1, "宁波": 2, "温州": 3}
    for (n, years, city, ticked, fill_in, text), scores in zip(RESPONDENTS, SCORES):
        ticks = [int(o in ticked) for o in OPTIONS] if ticked else [-3] * len(OPTIONS)
        sheet.append([int(n), f"1.2.3.{n}(浙江-{city})", f"2024/5/{n} 10:2{n}:05", f"{90 + int(n)}秒", "N/A", "微信",
                      years_codes[years], city_codes[city], *ticks, text or "(跳过)",
                      *(int(s[0]) for s in scores)])
    book.save(HERE / "wjx_code.xlsx")


def write_tencent() -> None:
    """腾讯问卷 CSV (UTF-8 with BOM): every line ends with a comma; one column per option."""
    header = ["编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "地理位置省", "地理位置市",
              f"1.{YEARS_Q}", f"2.{CITY_Q}", *(f"3.{REASON_Q}:{o}" for o in OPTIONS), f"3.{REASON_Q}:其他_填空1",
              f"4.{OPEN_Q}"]
    lines = [",".join(header) + ","]
    for n, years, city, ticked, fill_in, text in RESPONDENTS:
        cells = [f"10{n}", f"2024-05-0{n} 10:20:00", f"2024-05-0{n} 10:23:0{n}", f"18{n}秒", "中国", "浙江", city,
                 years, city, *(o if o in ticked else "" for o in OPTIONS), fill_in, text]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(cells)
        lines.append(buffer.getvalue() + ",")
    (HERE / "tencent.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))


def write_qualtrics() -> None:
    """Qualtrics CSV (UTF-8 with BOM): IDs, question text and ImportId rows above the answers."""
    ids = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
           "ResponseId", "UserLanguage", "Q1", "Q2", "Q3", "Q3_6_TEXT", "Q4"]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Duration (in seconds)", "Finished",
             "Recorded Date", "Response ID", "User Language", YEARS_Q, CITY_Q, f"{REASON_Q} - Selected Choice",
             f"{REASON_Q} - 其他 - Text", OPEN_Q]
    imports = [json.dumps({"ImportId": i}) for i in ("startDate", "endDate", "status", "progress", "duration",
                                                       "finished", "recordedDate", "_recordId", "userLanguage",
                                                       "QID1", "QID2", "QID3", "QID3_6_TEXT", "QID4")]
    rows = [ids, texts, imports]
    for n, years, city, ticked, fill_in, text in RESPONDENTS:
        rows.append([f"2024-05-0{n} 10:20:00", f"2024-05-0{n} 10:23:00", "IP Address", "100", "180", "True",
                     f"2024-05-0{n} 10:23:00", f"R_3kZ{n}xYqLw9pQ{n}", "ZH-S", years, city, ",".join(ticked),
                     fill_in.replace("┋", "；"), text])
    write_csv(HERE / "qualtrics.csv", rows, "utf-8-sig")


def write_surveymonkey() -> None:
    """SurveyMonkey XLSX: question text in a merged cell over its options, option names in row 2."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet"
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address"]
    top = [*meta, YEARS_Q, REASON_Q, *[None] * (len(OPTIONS) - 1), MATRIX_Q, None, None, OPEN_Q]
    sub = [None] * len(meta) + ["Response", *OPTIONS[:-1], "Other (please specify)", *MATRIX_ROWS,
                                "Open-Ended Response"]
    sheet.append(top)
    sheet.append(sub)
    first = len(meta) + 2
    sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=first + len(OPTIONS) - 1)
    sheet.merge_cells(start_row=1, start_column=first + len(OPTIONS), end_row=1, end_column=first + len(OPTIONS) + 2)
    for (n, years, city, ticked, fill_in, text), scores in zip(RESPONDENTS, SCORES):
        other = fill_in.replace("┋", "；") if "其他" in ticked else None
        sheet.append([int(f"1146{n}8207{n}3"), 4310021, f"05/0{n}/2024 10:20:00 AM", f"05/0{n}/2024 10:23:00 AM",
                      f"1.2.3.{n}", years, *(o if o in ticked else None for o in OPTIONS[:-1]), other,
                      *scores, text or None])
    book.save(HERE / "surveymonkey.xlsx")
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    write_csv(HERE / "surveymonkey.csv", rows, "utf-8")


def write_google_forms() -> None:
    """Google Forms CSV (UTF-8): Timestamp first, checkboxes joined by ', ', a grid as `Question [Row]`."""
    rows = [["Timestamp", YEARS_Q, CITY_Q, REASON_Q, *(f"{MATRIX_Q} [{r}]" for r in MATRIX_ROWS), OPEN_Q]]
    for (n, years, city, ticked, fill_in, text), scores in zip(RESPONDENTS, SCORES):
        choices = [fill_in.replace("┋", "；") if o == "其他" else o for o in ticked]
        rows.append([f"2024/05/0{n} 10:23:0{n} 上午 GMT+8", years, city, ", ".join(choices), *scores, text])
    write_csv(HERE / "google_forms.csv", rows, "utf-8")


TICKET_HEADER = ["热线单号", "来电时间", "一级分类", "诉求内容", "处理结果"]
TICKETS = [
    ["20240501000012345", "2024-05-01 09:12", "网络故障", "家里宽带天天掉线，报修了三次还没修好", "已派单"],
    ["20240501000012346", "2024-05-01 10:40", "资费争议", "套餐没通知就涨价，还多扣了二十块", "已退费"],
    ["20240502000012347", "2024-05-02 14:03", "服务态度", "营业厅工作人员态度恶劣，爱理不理", "已致歉"],
    ["20240502000012348", "2024-05-02 16:30", "网络故障", "信号太差，地下室完全没信号", "已派单"],
    ["20240503000012349", "2024-05-03 08:55", "销户", "要转网去别家，销户流程太麻烦", "已办结"],
    ["20240503000012350", "2024-05-03 11:21", "资费争议", "乱收费，莫名其妙开通了增值业务", "已退费"],
]


def write_tickets() -> None:
    """Complaint tickets with two title lines above the header: GB18030 CSV, Big5 CSV, UTF-16 tab text."""
    table = [TICKET_HEADER, *TICKETS]
    titles = "12345热线工单导出,,,,\r\n导出时间：2024-05-04,,,,"
    write_csv(HERE / "tickets_gb18030.csv", table, "gb18030", title=titles)
    s2tw = opencc.OpenCC("s2tw")
    write_csv(HERE / "tickets_big5.csv", [[s2tw.convert(c) for c in r] for r in table], "cp950",
              title=s2tw.convert(titles))
    write_csv(HERE / "tickets_utf16.txt", table, "utf-16", delimiter="\t", title="12345热线工单导出")


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
    write_wjx()
    write_tencent()
    write_qualtrics()
    write_surveymonkey()
    write_google_forms()
    write_tickets()


if __name__ == "__main__":
    main()
