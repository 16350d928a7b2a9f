# Sampling script for corpus_shopping_7 (only chooses WHAT to read; labels assigned by hand)
import pandas as pd, glob
SEED = 79
CATS = ['衣服', '计算机', '酒店', '蒙牛', '热水器']
SRC = 'online_shopping_10_cats'
df = pd.read_csv('/work/shared/corpora/online_shopping_10_cats.csv')
df['row_id'] = range(len(df))
df = df[df['review'].notna()]
df = df[df['review'].astype(str).str.len().between(4, 250)]
df = df[df['cat'].isin(CATS)]
excl = set()
ev = pd.read_csv('/work/main/training/eval_row_ids.csv')
excl |= set(ev.loc[ev['source'] == SRC, 'row_id'].astype(int))
for f in glob.glob('/work/main/training/examples/*.csv'):
    e = pd.read_csv(f)
    excl |= set(e.loc[e['source'] == SRC, 'row_id'].astype(int))
pool = df[~df['row_id'].isin(excl)].copy()
print('pool', len(pool), pool['label'].value_counts().to_dict())
RIVAL = r'别家|其他家|其它家|别的店|实体店|超市|京东|淘宝|天猫|当当|卓越|亚马逊|苏宁|国美|专卖店|商场|换了|不如|别处|官网|拼多多|外面买|同样的|同款|别的牌子|其他品牌|其它品牌|以前用|以前买|之前用|之前买|原来用|原来的|比.{1,6}(?:好|便宜|强|差|贵)|还是.{0,4}(?:去|买|用)|下次.{0,6}(?:去|买|用)|其他酒店|别的酒店|如家|汉庭|快捷'
DIST = r'远|位置|交通|打车|出租|地铁|偏|不好找|难找|公交|地段|周边|附近|配送范围|距离|送货上门|网点'
strata = [('rival', RIVAL, {0: 380, 1: 70}), ('location', DIST, {0: 120, 1: 30}), ('random', None, {0: 130, 1: 70})]
taken = []
carry = {0: 0, 1: 0}
notes = []
for name, pat, quota in strata:
    avail = pool[~pool['row_id'].isin([r for t in taken for r in t['row_id']])]
    if pat is not None:
        avail = avail[avail['review'].astype(str).str.contains(pat, regex=True)]
    for lab in (0, 1):
        need = quota[lab] + (carry[lab] if pat is None else 0)
        sub = avail[avail['label'] == lab]
        # split evenly over categories; shortfall spread in sorted order to those with rows left
        sizes = {c: (sub['cat'] == c).sum() for c in CATS}
        alloc = {c: 0 for c in CATS}
        rem = need
        while rem > 0:
            open_c = [c for c in CATS if alloc[c] < sizes[c]]
            if not open_c:
                break
            base, extra = divmod(rem, len(open_c))
            for i, c in enumerate(open_c):
                add = min(base + (1 if i < extra else 0), sizes[c] - alloc[c])
                alloc[c] += add
                rem -= add
        if rem > 0:
            carry[lab] += rem
            notes.append(f'{name} label {lab}: short by {rem}, filled from plain random')
        for c in CATS:
            if alloc[c]:
                s = sub[sub['cat'] == c].sample(alloc[c], random_state=SEED).copy()
                s['stratum'] = name
                taken.append(s)
        print(name, lab, alloc, 'available', sizes)
drawn = pd.concat(taken).sample(frac=1, random_state=SEED).reset_index(drop=True)
print(notes)
print(len(drawn), drawn['row_id'].nunique())
print(pd.crosstab(drawn['stratum'], drawn['label']))
print(drawn['cat'].value_counts())
drawn[['row_id', 'cat', 'label', 'stratum', 'review']].to_csv('/work/labels/shop7_work/drawn.csv', index=False)
