# Sampling script for corpus_shopping_11 (only chooses WHAT to read; labels assigned by hand)
import pandas as pd, glob, os
SEED = 127
SRC = 'online_shopping_10_cats'
OUT = '/tmp/corpus_shopping_11/drawn.csv'
TOTAL = 600
df = pd.read_csv('/work/shared/corpora/online_shopping_10_cats.csv')
df['row_id'] = range(len(df))
df = df[df['review'].notna()]
df = df[df['review'].astype(str).str.len().between(4, 250)]
print('base', len(df))
excl = set()
ev = pd.read_csv('/work/main/training/eval_row_ids.csv')
excl |= set(ev.loc[ev['source'] == SRC, 'row_id'].astype(int))
for f in sorted(glob.glob('/work/main/training/examples/*.csv')):
    if os.path.basename(f) == 'corpus_shopping_11.csv':
        continue  # this draw's own output, once written
    e = pd.read_csv(f)
    excl |= set(e.loc[e['source'] == SRC, 'row_id'].astype(int))
print('excluded row_ids', len(excl))
pool = df[~df['row_id'].isin(excl)].copy()
print('pool', len(pool), pool['label'].value_counts().to_dict())
# Regexes only choose what gets read; groups made non-capturing (same matches)
COMPARE = (r'还不如|远不如|都不如|不如|比不上|赶不上|比不过|差远了|差得远|差很多|没法比'
           r'|没有.{1,8}(?:好|强|便宜|快)|还是.{1,8}的(?:好|强)|以后.{0,4}(?:去|在|买)|换成|改用|试试')
PLACE = r'偏远|不送|配送范围|自提|离.{0,4}远|附近没有|网点|太远'
strata = [('comparison', COMPARE, None, 300),
          ('place', PLACE, None, 60),
          ('random_label0', None, 0, None)]  # None: the rest up to TOTAL
taken = []
notes = []
for name, pat, lab, n in strata:
    used = set(r for t in taken for r in t['row_id'])
    avail = pool[~pool['row_id'].isin(used)]
    if pat is not None:
        avail = avail[avail['review'].astype(str).str.contains(pat, regex=True)]
    if lab is not None:
        avail = avail[avail['label'] == lab]
    if n is None:
        n = TOTAL - sum(len(t) for t in taken)
    print(name, 'available', len(avail), avail['label'].value_counts().to_dict())
    k = min(n, len(avail))
    if k < n:
        notes.append(f'{name}: short by {n - k}')
    s = avail.sample(k, random_state=SEED).copy()
    s['stratum'] = name
    taken.append(s)
drawn = pd.concat(taken).sample(frac=1, random_state=SEED).reset_index(drop=True)
print('shortfalls', notes)
print(len(drawn), drawn['row_id'].nunique())
print(pd.crosstab(drawn['stratum'], drawn['label']))
print(drawn['cat'].value_counts().to_dict())
print(pd.crosstab(drawn['cat'], drawn['label']))
drawn[['row_id', 'cat', 'label', 'stratum', 'review']].to_csv(OUT, index=False)
