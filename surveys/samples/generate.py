"""Generate the built-in demo data (auto after-sales survey, telecom tickets) from the phrase banks."""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path

import opencc

HERE = Path(__file__).resolve().parent
SEED = 20261122
REASONS = ("price", "service", "quality", "distance", "competitor", "other")
SATISFACTION = {5: "非常满意", 4: "满意", 3: "一般", 2: "不满意", 1: "非常不满意"}
MOOD = {"price": -1.0, "service": -1.6, "quality": -1.6, "distance": -0.3, "competitor": -0.6, "other": 0.0}
HALF_PUNCT = str.maketrans({"，": ",", "。": ".", "！": "!", "？": "?", "：": ":", "；": ";"})
FULL_WIDTH = {c: chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
PLAIN_FLAGS = {"urban", "mobile", "broadband"}  # row facts, not story segments: no pick boost

# --- auto after-sales story -------------------------------------------------------------
MODELS = {"朗逸": 0.27, "速腾": 0.2, "宝来": 0.17, "途观L": 0.16, "帕萨特": 0.12, "ID.4": 0.08}
SPEND_FACTOR = {"朗逸": 0.85, "速腾": 1.0, "宝来": 0.85, "途观L": 1.3, "帕萨特": 1.25, "ID.4": 0.75}
REGIONS = {"市区": 0.36, "高新区": 0.2, "东县": 0.12, "南湖县": 0.12, "西山县": 0.1, "北岭县": 0.1}
DISTANCE_WEIGHT = {"市区": 0.04, "高新区": 0.08, "东县": 0.7, "南湖县": 0.7, "西山县": 1.1, "北岭县": 1.1}
AUTO_BASE = {"price": 0.2, "service": 0.2, "quality": 0.12, "competitor": 0.1, "other": 0.3}
PROBLEM_MODEL = "途观L"
LABOUR_RATE_HIKE = dt.date(2024, 7, 1)
HIGH_VALUE = 4500

# --- telecom story ------------------------------------------------------------------------
CITIES = {"南京": 0.2, "苏州": 0.18, "无锡": 0.13, "常州": 0.11, "徐州": 0.14, "南通": 0.12, "扬州": 0.12}
PLANS = {
    "畅享5G 129元": 0.2, "畅享5G 199元": 0.08, "全家享融合 199元": 0.17, "大王卡 19元": 0.17,
    "校园卡 29元": 0.09, "宽带单装 500M": 0.12, "冰激凌 99元": 0.1, "老年卡 8元": 0.07,
}
TELECOM_BASE = {"price": 0.2, "service": 0.2, "quality": 0.2, "distance": 0.06, "competitor": 0.06, "other": 0.14}
SIGNAL_CITY = "徐州"
COMPETITOR_CITIES = {"苏州", "无锡"}
CHEAP_PLAN = "大王卡 19元"
BROADBAND_PLANS = {"宽带单装 500M", "全家享融合 199元"}
SPIKE_MONTHS = {3, 9, 10}
# Monthly fee in yuan per plan; the twelve-month spend scatters around twelve of these.
PLAN_FEE = {"畅享5G 129元": 129, "畅享5G 199元": 199, "全家享融合 199元": 199, "大王卡 19元": 19, "校园卡 29元": 29,
            "宽带单装 500M": 100, "冰激凌 99元": 99, "老年卡 8元": 8}
# Whether a complaining customer later left: likelier when they named a rival or poor quality.
LEAVE_BASE, LEAVE_BY_REASON = 0.15, {"competitor": 0.6, "quality": 0.2, "price": 0.1}
HOUR_WEIGHTS = [0.1] * 8 + [3, 6, 7, 6, 3, 4, 6, 6, 5, 4, 3, 4, 4, 3, 1, 0.3]


@dataclass(frozen=True)
class Phrase:
    """One phrasing from a bank, with the reasons it expresses and where it may be used."""

    text: str
    tags: frozenset[str]
    kind: str
    only: frozenset[str]
    voice: str
    mood: float
    weight: float


def load_bank(dataset: str) -> list[Phrase]:
    """Read every phrase that may be used for `dataset` ('auto' or 'telecom')."""
    bank = []
    for path in sorted((HERE / "phrases").glob("*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        if data.get("dataset") not in (dataset, "both"):
            continue
        for group in data["group"]:
            only = frozenset(group.get("only", []))
            weight = group.get("weight", 1.0) * (3 if only - PLAIN_FLAGS else 1)
            for text in group["texts"]:
                bank.append(Phrase(text, frozenset(group["tags"]), group.get("kind", ""), only,
                                   group.get("voice", "any"), group.get("mood", 0.0), weight))
    return bank


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    """Draw one key of `weights` with probability proportional to its value."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def draw_reasons(rng: random.Random, weights: dict[str, float], second: float) -> set[str]:
    """A main reason from the segment's weights, sometimes with a second non-`other` reason."""
    tags = {pick(rng, weights)}
    if "other" not in tags and rng.random() < second:
        tags.add(pick(rng, {r: w for r, w in weights.items() if r not in tags and r != "other"}))
    return tags


class Writer:
    """Turns an intended set of reasons into an answer text, using the phrase banks."""

    def __init__(self, rng: random.Random, dataset: str, rows: int) -> None:
        """Load the banks and fillers for one data set; deal script variants to `rows` answers."""
        fillers = tomllib.loads((HERE / "phrases" / "fillers.toml").read_text("utf-8"))
        self.rng, self.bank = rng, load_bank(dataset)
        self.fill, self.common, self.slots = fillers[dataset], fillers["common"], fillers["slots"]
        self.s2t = opencc.OpenCC("s2t")
        share = {"traditional": 0.08, "full_width": 0.015, "half_punct": 0.04}
        self.variants = [v for v, f in share.items() for _ in range(round(f * rows))]
        self.variants += ["plain"] * (rows - len(self.variants))
        rng.shuffle(self.variants)
        self.owed_full_width = 0  # full-width turns dealt to answers without ASCII, to pass on

    def candidates(self, tags: frozenset[str], flags: set[str], voice: str, plain: bool) -> list[Phrase]:
        """Phrases expressing exactly `tags` that fit the row's flags and voice."""
        return [p for p in self.bank if p.tags == tags and p.only <= flags
                and p.voice in ("any", voice) and (p.kind == "" or not plain)]

    def choose(self, phrases: list[Phrase]) -> Phrase:
        """One phrase, weighted."""
        return self.rng.choices(phrases, weights=[p.weight for p in phrases])[0]

    def compose(self, tags: set[str], flags: set[str], values: dict[str, str], agent: bool = False) -> tuple[str, float]:
        """An answer expressing exactly `tags`, and its satisfaction mood shift."""
        rng, voice, key = self.rng, "agent" if agent else "first", frozenset(tags)
        exact = self.candidates(key, flags, voice, plain=False)
        if len(tags) == 1 or (exact and rng.random() < 0.5):
            parts = [self.choose(exact)]
        else:
            order = sorted(tags)
            rng.shuffle(order)
            parts = [self.choose(self.candidates(frozenset({t}), flags, voice, plain=True)) for t in order]
        joiners = self.fill["agent_joiners" if agent else "joiners"]
        body = parts[0].text + "".join(rng.choice(joiners) + p.text for p in parts[1:])
        slots = {k: rng.choice(v) for k, v in self.slots.items()} | values
        body = body.format_map(slots)
        neutral, plain = tags == {"other"}, all(p.kind == "" for p in parts)
        prefix = "neutral_" if neutral else ""
        if agent:
            if not body.startswith(("用户", "客户")):
                body = rng.choice(self.fill[prefix + "agent_openers"]) + body
            if "已" not in body and rng.random() < 0.45:
                body += "，" + rng.choice(self.fill[prefix + "agent_closers"])
            return body + rng.choice(self.common["agent_endings"]), sum(p.mood for p in parts)
        if plain and rng.random() < 0.3:
            body = rng.choice(self.fill[prefix + "openers"]) + body
        if plain and rng.random() < 0.2:
            body += "，" + rng.choice(self.fill[prefix + "closers"])
        return body + rng.choice(self.common["endings"]), sum(p.mood for p in parts)

    def answer(self, tags: set[str], flags: set[str], values: dict[str, str], agent: bool = False) -> tuple[str, set[str], float]:
        """The final answer text (blank, traditional, width variants), its true tags and mood."""
        rng, variant = self.rng, self.variants.pop()
        if rng.random() < 0.025:
            return rng.choice(self.common["blank"]), {"other"}, 0.0
        text, mood = self.compose(tags, flags, values, agent)
        has_ascii = any(c.isascii() and c.isalnum() for c in text)
        if variant == "full_width" and not has_ascii:
            variant, self.owed_full_width = "plain", self.owed_full_width + 1
        elif variant == "plain" and has_ascii and self.owed_full_width:
            variant, self.owed_full_width = "full_width", self.owed_full_width - 1
        if variant == "traditional":
            text = self.s2t.convert(text)
        elif variant == "full_width":
            text = text.translate(FULL_WIDTH)
        elif variant == "half_punct":
            text = text.translate(HALF_PUNCT)
        return text, tags, mood


def satisfaction(rng: random.Random, tags: set[str], mood: float) -> str:
    """A 5-level satisfaction rating correlated with the reasons given."""
    score = 3.5 + sum(MOOD[t] for t in tags) + mood + rng.gauss(0, 0.7)
    return SATISFACTION[min(5, max(1, round(score)))]


def annual_spend(rng: random.Random, model: str) -> int:
    """Yearly after-sales spend in yuan: log-normal, right-skewed, redrawn into 300–12000."""
    while not 300 <= (spend := math.exp(rng.gauss(math.log(1700), 0.75)) * SPEND_FACTOR[model]) <= 12000:
        pass
    return int(spend)


def auto_rows(rng: random.Random, n: int = 900) -> tuple[list[list[str]], list[list[str]]]:
    """The auto after-sales churn call-back survey and its intended tags."""
    writer, start = Writer(rng, "auto", n), dt.date(2023, 1, 1)
    days = (dt.date(2025, 6, 30) - start).days
    numbers = rng.sample(range(1, 40000), n)
    records = []
    for number in numbers:
        model, region = pick(rng, MODELS), pick(rng, REGIONS)
        sale = "它销" if rng.random() < 0.28 else "自销"
        date = start + dt.timedelta(days=rng.randint(0, days))
        spend = annual_spend(rng, model)
        weights = AUTO_BASE | {"distance": DISTANCE_WEIGHT[region]}
        flags = {"county" if region.endswith("县") else "urban"}
        if sale == "它销":
            weights["competitor"] *= 4
            flags.add("other_dealer")
        if model == PROBLEM_MODEL:
            weights["quality"] *= 4
            flags.add("problem_model")
        if date >= LABOUR_RATE_HIKE:
            weights["price"] *= 2.2
            flags.add("after_hike")
        if spend >= HIGH_VALUE:
            weights["service"] *= 3
            flags.add("hi_value")
        tags = draw_reasons(rng, weights, second=0.22)
        if "competitor" in tags and rng.random() < (0.45 if sale == "它销" else 0.25):
            tags.add("price")  # cheaper independent garages
        text, tags, mood = writer.answer(tags, flags, {"model": model, "region": region})
        customer = f"C{rng.choice([2019, 2020, 2021, 2021, 2022, 2022, 2023])}-{number:05d}"
        records.append([customer, model, region, sale, date.isoformat(), str(spend), text,
                        satisfaction(rng, tags, mood), "|".join(sorted(tags))])
    records.sort(key=lambda r: r[0])
    return [r[:-1] for r in records], [[r[0], r[-1]] for r in records]


def ticket_time(rng: random.Random) -> dt.datetime:
    """A 2024 call time: more calls in spike months and in office and evening hours."""
    month = pick(rng, {m: 1.5 if m in SPIKE_MONTHS else 1.0 for m in range(1, 13)})
    first = dt.date(2024, month, 1)
    last = (first.replace(month=month + 1) if month < 12 else dt.date(2025, 1, 1)) - dt.timedelta(days=1)
    day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    return dt.datetime(day.year, day.month, day.day, hour, rng.randint(0, 59))


def telecom_rows(rng: random.Random, n: int = 1200) -> tuple[list[list[str]], list[list[str]]]:
    """The telecom complaint tickets and their intended tags."""
    writer, records = Writer(rng, "telecom", n), []
    for _ in range(n):
        when, city, plan = ticket_time(rng), pick(rng, CITIES), pick(rng, PLANS)
        weights, flags = dict(TELECOM_BASE), set() if plan == "宽带单装 500M" else {"mobile"}
        if plan in BROADBAND_PLANS:
            weights["distance"] *= 2.5
            flags.add("broadband")
        if city == SIGNAL_CITY:
            weights["quality"] *= 3.5
            flags.add("signal_city")
        if plan == CHEAP_PLAN:
            weights["price"] *= 3.5
            flags.add("cheap_plan")
        if when.month in SPIKE_MONTHS:
            weights["service"] *= 2.5
            flags.add("spike_month")
        if city in COMPETITOR_CITIES:
            weights["competitor"] *= 4
            flags.add("competitor_city")
        tags = draw_reasons(rng, weights, second=0.2)
        agent = rng.random() < 0.45
        text, tags, _ = writer.answer(tags, flags, {"city": city, "plan": plan}, agent)
        records.append([when, city, plan, text, "|".join(sorted(tags))])
    records.sort(key=lambda r: r[0])
    rows, truth, seq, day = [], [], 0, None
    for when, city, plan, text, tags in records:
        seq = seq + rng.randint(1, 9) if when.date() == day else rng.randint(1, 30)
        day = when.date()
        ticket = f"GD{when:%Y%m%d}{seq:04d}"
        rows.append([ticket, f"{when:%Y-%m-%d %H:%M}", city, plan, text])
        truth.append([ticket, tags])
    return rows, truth


def telecom_value_and_churn(rng: random.Random, rows: list[list[str]], truth: list[list[str]]) -> list[list[str]]:
    """Each ticket plus its twelve-month spend written as billing exports do ("1,548元") and whether the customer left."""
    out = []
    for row, (_, tags) in zip(rows, truth):
        spend = int(PLAN_FEE[row[3]] * 12 * rng.uniform(0.85, 1.5))
        leave = LEAVE_BASE + sum(LEAVE_BY_REASON.get(tag, 0.0) for tag in tags.split("|"))
        out.append(row + [f"{spend:,}元", "是" if rng.random() < min(leave, 0.9) else "否"])
    return out


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a UTF-8 (no BOM) CSV with \\n line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    """Write both demo data sets and their truth tags under surveys/samples/."""
    rng = random.Random(SEED)
    auto, auto_truth = auto_rows(rng)
    write_csv(HERE / "auto_aftersales.csv",
              ["客户编号", "车型", "区域", "销售类型", "最后回厂日期", "年消费金额", "流失原因", "满意度"], auto)
    write_csv(HERE / "truth" / "auto_aftersales_tags.csv", ["客户编号", "tags"], auto_truth)
    tickets, ticket_truth = telecom_rows(rng)
    # A second generator, so the columns added later leave every earlier value as it was.
    tickets = telecom_value_and_churn(random.Random(SEED + 1), tickets, ticket_truth)
    write_csv(HERE / "telecom_tickets.csv", ["工单编号", "受理时间", "城市", "套餐", "投诉内容", "近12月消费", "是否离网"],
              tickets)
    write_csv(HERE / "truth" / "telecom_tickets_tags.csv", ["工单编号", "tags"], ticket_truth)
    print(f"wrote {len(auto)} survey answers and {len(tickets)} tickets under {HERE}")


if __name__ == "__main__":
    main()
