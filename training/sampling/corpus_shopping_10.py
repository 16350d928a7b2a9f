# Sampling script for corpus_shopping_10 (only chooses WHAT to read; labels assigned by hand)
import pandas as pd, glob, os
SEED = 109
SRC = 'online_shopping_10_cats'
OUT = '/tmp/corpus_shopping_10/drawn.csv'
df = pd.read_csv('/work/shared/corpora/online_shopping_10_cats.csv')
df['row_id'] = range(len(df))
df = df[df['review'].notna()]
df = df[df['review'].astype(str).str.len().between(4, 250)]
print('base', len(df))
excl = set()
ev = pd.read_csv('/work/main/training/eval_row_ids.csv')
excl |= set(ev.loc[ev['source'] == SRC, 'row_id'].astype(int))
for f in sorted(glob.glob('/work/main/training/examples/*.csv')):
    if os.path.basename(f) == 'corpus_shopping_10.csv':
        continue  # this draw's own output, once written
    e = pd.read_csv(f)
    excl |= set(e.loc[e['source'] == SRC, 'row_id'].astype(int))
print('excluded row_ids', len(excl))
pool = df[~df['row_id'].isin(excl)].copy()
print('pool', len(pool), pool['label'].value_counts().to_dict())
# Two plain random strata by corpus label, no regex, no category quotas
strata = [('random_label0', 0, 400), ('random_label1', 1, 200)]
taken = []
notes = []
for name, lab, n in strata:
    used = set(r for t in taken for r in t['row_id'])
    avail = pool[~pool['row_id'].isin(used)]
    avail = avail[avail['label'] == lab]
    print(name, 'available', len(avail))
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
drawn[['row_id', 'cat', 'label', 'stratum', 'review']].to_csv(OUT, index=False)
