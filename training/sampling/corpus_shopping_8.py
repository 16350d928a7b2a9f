# Sampling script for corpus_shopping_8 (only chooses WHAT to read; labels assigned by hand)
import pandas as pd, glob
SEED = 97
SRC = 'online_shopping_10_cats'
df = pd.read_csv('/work/shared/corpora/online_shopping_10_cats.csv')
df['row_id'] = range(len(df))
df = df[df['review'].notna()]
df = df[df['review'].astype(str).str.len().between(4, 250)]
print('base', len(df))
excl = set()
ev = pd.read_csv('/work/main/training/eval_row_ids.csv')
excl |= set(ev.loc[ev['source'] == SRC, 'row_id'].astype(int))
for f in sorted(glob.glob('/work/main/training/examples/*.csv')):
    e = pd.read_csv(f)
    excl |= set(e.loc[e['source'] == SRC, 'row_id'].astype(int))
print('excluded row_ids', len(excl))
pool = df[~df['row_id'].isin(excl)].copy()
print('pool', len(pool), pool['label'].value_counts().to_dict())
PLATFORM = r'京东|当当|亚马逊|卓越|淘宝|天猫|苏宁|国美|拼多多|唯品会|一号店|1号店|专卖店|专柜|实体店|商场|超市|官网|旗舰店'
COMPARE = r'不如|比不上|差远了|差得远|没有.{1,8}好|还是.{0,4}(?:买|去|用|选)|以后.{0,4}(?:去|在)|换了|改用|别家|其他家|别的店|同样的|一样的|便宜.{0,3}(?:好多|很多|一半)'
strata = [('platform', PLATFORM, 220), ('comparison', COMPARE, 180), ('random', None, 200)]
taken = []
notes = []
for name, pat, n in strata:
    used = set(r for t in taken for r in t['row_id'])
    avail = pool[~pool['row_id'].isin(used)]
    if pat is not None:
        avail = avail[avail['review'].astype(str).str.contains(pat, regex=True)]
    print(name, 'available', len(avail), avail['label'].value_counts().to_dict())
    k = min(n, len(avail))
    if k < n:
        notes.append(f'{name}: short by {n - k}')
    s = avail.sample(k, random_state=SEED).copy()
    s['stratum'] = name
    taken.append(s)
drawn = pd.concat(taken).sample(frac=1, random_state=SEED).reset_index(drop=True)
print(notes)
print(len(drawn), drawn['row_id'].nunique())
print(pd.crosstab(drawn['stratum'], drawn['label']))
print(drawn['cat'].value_counts().to_dict())
drawn[['row_id', 'cat', 'label', 'stratum', 'review']].to_csv('/tmp/shop8/drawn.csv', index=False)
