"""Writes tests/data/stores_by_region.csv: a store's churn call-backs with a planted regional difference.

Run once; the output is committed. Hand-written answers in a store's call-back style, coded
cleanly by the small test codebook (tests/data/codebook). The plan, per region:

| 区域 | n | distance | price | service | other |
|---|---|---|---|---|---|
| 城区 | 60 | 6 | 15 | 15 | 24 |
| 东县 | 60 | 30 | 15 | 15 | 0 |
| 西乡 | 20 | 2 | 1 | 1 | 16 |

东县 leaves for distance far more than the rest; price and service are spread evenly over
城区 and 东县; 西乡 is extreme but too small (n < 30) to be judged. 最后到店日期 runs through
2023–2024, 年消费金额 is written as billing exports do ("1,200元"), 是否流失 is 是/否.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLAN = {"城区": {"distance": 6, "price": 15, "service": 15, "other": 24},
        "东县": {"distance": 30, "price": 15, "service": 15, "other": 0},
        "西乡": {"distance": 2, "price": 1, "service": 1, "other": 16}}
ANSWERS = {
    "distance": ["离家太远了，开车要一个多小时", "搬家了，去外地工作", "店太远，不方便过去", "孩子上学搬家到城北了"],
    "price": ["价格太贵了", "又涨价了，受不了", "乱收费，账单看不懂", "比以前贵了不少"],
    "service": ["店员态度差", "打电话没人理", "售后一直推诿", "上次等了两个小时"],
    "other": ["最近不需要了", "车卖了", "没什么原因", "挺好的，就是用得少了"],
}
OPENERS = ["", "说实话，", "嗯，", "怎么说呢，", "主要是", "其实"]
CLOSERS = ["", "。", "，就这样", "，以后应该不会再去了", "吧", "！"]


def main() -> None:
    """Write the fixture."""
    rng = random.Random(5)
    rows, number = [], 200
    for region, plan in PLAN.items():
        for reason, count in plan.items():
            for i in range(count):
                number += 1
                visit = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 729))
                spend = rng.choice([300, 680, 1200, 2500, 4800, 12000])
                left = "是" if reason == "distance" or rng.random() < 0.3 else "否"
                rows.append([f"M{number}", region, rng.choice(OPENERS) + ANSWERS[reason][i % 4] + rng.choice(CLOSERS), f"{spend:,}元", visit.isoformat(), left])
    rng.shuffle(rows)
    with (HERE / "stores_by_region.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["客户编号", "区域", "流失原因", "年消费金额", "最后到店日期", "是否流失"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
