# Draw for corpus_waimai_8.csv (eighth waimai_10k draw). Only chooses WHAT to read; labels are assigned by reading.
import pandas as pd, glob, os
df = pd.read_csv('/work/shared/corpora/waimai_10k.csv')
df['row_id'] = df.index
df = df[df.review.notna()].copy()
df['review'] = df.review.astype(str)
df = df[df.review.str.strip() != '']
L = df.review.str.len()
pool = df[(L >= 4) & (L <= 250)].copy()
print('len pool (4-250 chars, non-empty)', len(pool))
ev = pd.read_csv('/work/main/training/eval_row_ids.csv')
excl = set(ev[ev.source == 'waimai_10k'].row_id)
print('eval ids', len(excl))
for f in sorted(glob.glob('/work/main/training/examples/*.csv')):
    if f.endswith('/corpus_waimai_8.csv'):
        continue  # this draw's own output, if present, must not shrink the pool on a re-run
    e = pd.read_csv(f)
    ids = set(e[e.source == 'waimai_10k'].row_id)
    if ids:
        print('  excluding', f.split('/')[-1], len(ids))
    excl |= ids
print('excluded ids', len(excl))
pool = pool[~pool.row_id.isin(excl)]
print('pool after excl', len(pool), pool.label.value_counts().to_dict())
S = 131

def take(cand, n, name):
    print(f'{name}: {len(cand)} candidates, asked {n}', end='')
    if len(cand) < n:
        print(f'  SHORTFALL: taking all {len(cand)}', end='')
        n = len(cand)
    s = cand.sample(n, random_state=S).copy(); s['stratum'] = name
    print(' -> drawn 0/1', s.label.value_counts().reindex([0, 1], fill_value=0).tolist())
    return s

P1 = (r'还不如|远不如|不如|比不上|赶不上|差远了|差得远|没有.{1,8}(好吃|好|强|便宜|快)|还是.{1,8}的(好吃|好)'
      r'|以后.{0,4}(去|在|点)|换成|改用|别家|其他家|饿了么|美团|外面|自己做|食堂|肯德基|麦当劳')
P2 = r'远|距离|位置|公里|偏|送不到|配送范围|不好找|找不到'

parts = []
rest = pool
s1 = take(rest[rest.review.str.contains(P1, regex=True)], 200, 'rival_comparison'); parts.append(s1)
rest = rest[~rest.row_id.isin(set(s1.row_id))]
s2 = take(rest[rest.review.str.contains(P2, regex=True)], 100, 'place_distance'); parts.append(s2)
rest = rest[~rest.row_id.isin(set(s2.row_id))]
s3 = take(rest[rest.label == 0], 600 - len(s1) - len(s2), 'random0'); parts.append(s3)
out = pd.concat(parts).sample(frac=1, random_state=S).reset_index(drop=True)
print(len(out), out.row_id.nunique(), out.label.value_counts().to_dict(), out.stratum.value_counts().to_dict())
os.makedirs('/tmp/corpus_waimai_8', exist_ok=True)
out[['row_id', 'label', 'stratum', 'review']].to_csv('/tmp/corpus_waimai_8/drawn.csv', index=False)
