# Draw for corpus_hotel_5 (chooses what gets read only; labels are assigned by hand).
import pandas as pd, glob
P='/work/shared/corpora/ChnSentiCorp_htl_all.csv'; S='ChnSentiCorp_htl_all'; SEED=71
df=pd.read_csv(P)
L=df.review.str.len()
pool=df[df.review.notna() & (L>=4) & (L<=250)].copy()
ex=set()
ev=pd.read_csv('/work/main/training/eval_row_ids.csv'); ex|=set(ev[ev.source==S].row_id)
for f in glob.glob('/work/main/training/examples/*.csv'):
    d=pd.read_csv(f); ex|=set(d[d.source==S].row_id)
pool=pool[~pool.index.isin(ex)]
print('pool',len(pool),pool.label.value_counts().to_dict())
D=r'远|位置|交通|打车|出租|地铁|偏|不好找|难找|公交|地段|周边|附近|机场|火车站|市区|市中心|步行'
z=pool[pool.label==0]
s0=z if len(z)<=500 else z.sample(500,random_state=SEED)
print('label0 available',len(z),'taken',len(s0))
one=pool[pool.label==1]
c=one[one.review.str.contains(D,regex=True)]
s1=c.sample(120,random_state=SEED); print('label1 place available',len(c),'taken',len(s1))
rest=one.drop(s1.index)
n=700-len(s0)-len(s1)
s2=rest.sample(n,random_state=SEED); print('label1 random taken',len(s2))
out=pd.concat([s0.assign(stratum='label0'),s1.assign(stratum='place1'),s2.assign(stratum='random1')]).sample(frac=1,random_state=SEED)
out.index.name='row_id'
out.reset_index()[['row_id','label','stratum','review']].to_pickle('/work/labels/hotel5_work/draw.pkl')
print(len(out), out.stratum.value_counts().to_dict())
