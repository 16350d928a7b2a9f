# Draw for corpus_waimai_5.csv (fifth waimai_10k draw). Only chooses WHAT to read; labels are assigned by reading.
import pandas as pd, glob
df = pd.read_csv('/work/shared/corpora/waimai_10k.csv')
df['row_id'] = df.index
df = df[df.review.notna()].copy()
df['review'] = df.review.astype(str)
L = df.review.str.len()
pool = df[(L >= 4) & (L <= 250)].copy()
print('len pool', len(pool))
ev = pd.read_csv('/work/main/training/eval_row_ids.csv')
excl = set(ev[ev.source == 'waimai_10k'].row_id)
for f in glob.glob('/work/main/training/examples/*.csv'):
    e = pd.read_csv(f)
    excl |= set(e[e.source == 'waimai_10k'].row_id)
print('excluded ids', len(excl))
pool = pool[~pool.row_id.isin(excl)]
print('pool after excl', len(pool))
S = 83
N = 750
RIVAL = r'别家|其他家|其它家|别的店|实体店|超市|饿了么|美团|外面|楼下|另一家|自己做|自己煮|食堂|还不如|不如去|换一家|换家|远|距离|配送范围|位置|公里'
riv = pool[pool.review.str.contains(RIVAL, regex=True)]
riv = riv.sample(len(riv), random_state=S).copy(); riv['stratum'] = 'rival_distance'
print('rival/distance stratum', len(riv), riv.label.value_counts().to_dict())
rest = pool[~pool.row_id.isin(set(riv.row_id))]
r0 = rest[rest.label == 0].sample(500, random_state=S).copy(); r0['stratum'] = 'random'
n1 = N - len(riv) - 500
r1 = rest[rest.label == 1].sample(n1, random_state=S).copy(); r1['stratum'] = 'random'
print('random 0/1', len(r0), len(r1))
out = pd.concat([riv, r0, r1]).sample(frac=1, random_state=S).reset_index(drop=True)
print(len(out), out.row_id.nunique(), out.label.value_counts().to_dict(), out.stratum.value_counts().to_dict())
out[['row_id','label','stratum','review']].to_csv('/work/labels/waimai5_work/drawn.csv', index=False)
