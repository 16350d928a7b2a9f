"""Writes tests/data/themes_survey.csv (run once; the output is committed).

A store's churn call-back survey with a theme the codebook does not know planted in it:
30 answers about member points being reset (会员积分清零, rows P01–P30), among varied
answers the codebook leaves as `other` and a few it codes, plus 15 near-copies of one
pasted answer (same words, or one word more; rows D01–D15) that must not become a theme
of their own. Written by hand for these tests; none comes from the evaluation sets.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

POINTS = [
    "会员积分突然清零了，攒了好几年",
    "积分一夜之间全部清零，心里不舒服",
    "我的积分莫名其妙被清零了",
    "去年攒的积分年底直接清零",
    "积分清零了，以前的消费都白攒了",
    "会员卡里的积分被清空了，谁还愿意去",
    "积分到期就清零，规则改来改去",
    "攒了三千多积分，说清零就清零",
    "积分清零之后就没再去过",
    "积分过期清零，换不了东西",
    "会员积分年年清零，没意思",
    "好不容易攒够积分，结果清零了",
    "积分被系统清零了，客服说没办法",
    "会员积分清零这事让人寒心",
    "积分清零太坑了，白攒一场",
    "我有两万积分，说清零就没了",
    "积分清零前也没个通知，直接没了",
    "会员积分莫名清零，懒得再去",
    "积分说清就清，老会员寒心",
    "积分清零以后觉得会员没意义了",
    "积分清空了，之前攒的全没了",
    "会员积分到年底自动清零",
    "积分清零，原来能换的礼品也换不了了",
    "卡里积分被清零，问了也没结果",
    "攒积分攒了五年，一下子清零",
    "积分清零的规则太不合理",
    "会员积分都被清零了，还去干嘛",
    "积分又清零了，每次都这样",
    "积分全部清零，会员等级也掉了",
    "新规则积分半年清零，不想玩了",
]

OTHERS = [
    "车卖了，现在不开车了",
    "车已经报废了",
    "车给儿子开了，他自己安排",
    "搬到外省去了，不在本地住",
    "换工作去了外地",
    "最近没怎么开车，用不着",
    "一年也开不了几千公里",
    "忘了去了，不好意思",
    "一直想去，一直没空",
    "最近太忙了，顾不上",
    "家里老人生病，顾不上保养",
    "孩子上学接送，没时间",
    "出国了，车放着没动",
    "公司配了车，自己的车不开了",
    "车借给亲戚了",
    "驾照被扣分了，暂时不能开",
    "车停在老家，很少开",
    "没有不满意的，就是没需要",
    "挺好的，下次有需要再去",
    "师傅技术不错，就是最近没需要",
    "接待的小哥挺热情的",
    "你们打电话我才想起来",
    "今年疫情在家，很少出门",
    "准备换新能源车了，在考虑",
    "打算把车处理掉",
    "单位有合作的修理厂",
    "保险公司指定了地方",
    "朋友在开修理厂，顺便就弄了",
    "上次做完大保养，短期不用去",
    "保养周期还没到",
    "买车送的保养次数用完了",
    "刚提了新车，还在质保期",
    "电动车不太需要保养",
    "车子最近没毛病，就没去",
    "自己会换机油，不用去店里",
    "这个不好说",
    "说不上来",
    "随便问问吧",
    "没想好",
    "到时候再说",
    "价格太贵了，隔壁便宜一半",
    "服务员态度很差，叫了半天没人理",
    "离家太远了，开车要一个多小时",
    "修了三次还是漏油",
    "隔壁新开的店在搞活动",
]

DUPLICATE = [
    "问卷太长了，不想填了",
    "问卷太长了，不想填了。",
    "问卷太长了不想填了！！",
    "问卷太长了，不想填了~",
    "問卷太長了，不想填了",
    "问卷太长了 不想填了",
    "问卷太长了，不想填了…",
    "问卷太长了，不想填了!",
    "嗯，问卷太长了，不想填了",
    "问卷太长了，真不想填了",
    "问卷太长了，不想填了。。",
    "问卷太长了，不想填了？",
    "问卷太长了，不想填了，谢谢",
    "这个问卷题目太长了，不想填了",
    "问卷太长了，不想填了，挂了",
]


def rows() -> list[list[str]]:
    """Planted, other and duplicate answers interleaved, as a real export would hold them."""
    stores = ["城区店", "东县店", "西乡店"]
    tagged = [(f"P{i + 1:02d}", text) for i, text in enumerate(POINTS)]
    tagged += [(f"O{i + 1:02d}", text) for i, text in enumerate(OTHERS)]
    tagged += [(f"D{i + 1:02d}", text) for i, text in enumerate(DUPLICATE)]
    # a fixed interleaving (every 7th of the list) so planted rows are not contiguous
    order = sorted(range(len(tagged)), key=lambda i: (i * 7) % len(tagged))
    return [[tagged[i][0], stores[n % 3], tagged[i][1]] for n, i in enumerate(order)]


if __name__ == "__main__":
    with open(HERE / "themes_survey.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "门店", "流失原因"])
        writer.writerows(rows())
