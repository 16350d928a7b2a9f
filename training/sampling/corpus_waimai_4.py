import pandas as pd, glob
df = pd.read_csv('/work/shared/corpora/waimai_10k.csv')
print(df.shape, df.columns.tolist(), df.label.value_counts().to_dict())
df['row_id'] = df.index
df = df[df.review.notna()]
df['review'] = df.review.astype(str)
L = df.review.str.len()
pool = df[(L >= 4) & (L <= 250)].copy()
print('len pool', len(pool))
ev = pd.read_csv('/work/main/training/eval_row_ids.csv')
excl = set(ev[ev.source == 'waimai_10k'].row_id)
for f in glob.glob('/work/main/training/examples/*.csv') + ['/work/labels/corpus_waimai_3.csv']:
    e = pd.read_csv(f)
    excl |= set(e[e.source == 'waimai_10k'].row_id)
print('excluded ids', len(excl))
pool = pool[~pool.row_id.isin(excl)]
print('pool after excl', len(pool))
S = 53
strata = [
 ('rival', r'别家|其他家|其它家|别的店|别的家|实体店|超市|饿了么|美团|外面|楼下|另一家|自己做|自己煮|食堂|还不如|不如去|换一家|换家', 130, 20),
 ('price', r'贵|价格|价钱|性价比|不值|划算|优惠|涨价|收费|便宜|块钱|元|红包|满减|配送费|分量', 80, 20),
 ('random', None, 300, 150),
]
taken = []
carry = {0:0, 1:0}
used = set()
for name, pat, n0, n1 in strata:
    rest = pool[~pool.row_id.isin(used)]
    if pat: rest = rest[rest.review.str.contains(pat, regex=True)]
    for lab, n in ((0, n0), (1, n1)):
        if n == 0: continue
        c = rest[rest.label == lab]
        print(name, lab, 'candidates', len(c), 'draw', n)
        if len(c) < n:
            short = n - len(c); print('SHORTFALL', name, lab, short, '-> carried to random label', lab)
            carry[lab] += short; n = len(c)
        if name == 'random': n += carry[lab]
        s = c.sample(n, random_state=S).copy()
        s['stratum'] = name
        used |= set(s.row_id); taken.append(s)
out = pd.concat(taken).sample(frac=1, random_state=S).reset_index(drop=True)
print(len(out), out.row_id.nunique(), out.label.value_counts().to_dict(), out.stratum.value_counts().to_dict())
out[['row_id','label','stratum','review']].to_csv('drawn.csv', index=False)
