# Draw for corpus_hotel_7 (chooses what gets read only; labels are assigned by hand).
import pandas as pd, glob, os
P='/work/shared/corpora/ChnSentiCorp_htl_all.csv'; S='ChnSentiCorp_htl_all'; SEED=103; N=600
df=pd.read_csv(P)
L=df.review.str.len()
pool=df[df.review.notna() & (L>=4) & (L<=250)].copy()
ex=set()
ev=pd.read_csv('/work/main/training/eval_row_ids.csv'); ex|=set(ev[ev.source==S].row_id)
for f in sorted(glob.glob('/work/main/training/examples/*.csv')):
    if f.endswith('corpus_hotel_7.csv'): continue   # this draw's own output, if already written
    d=pd.read_csv(f); ex|=set(d[d.source==S].row_id)
pool=pool[~pool.index.isin(ex)]
print('pool',len(pool),pool.label.value_counts().to_dict())
PR=r'贵|价格|价钱|房价|性价比|不值|划算|收费|押金|加收|另收|额外|早餐券|元|块'
taken=[]; rem=pool.copy()
def take(name,c,n):
    global rem
    s=c if (n is None or len(c)<=n) else c.sample(n,random_state=SEED)
    print(name,'available',len(c),'wanted',n,'taken',len(s),'label 0/1',(s.label==0).sum(),'/',(s.label==1).sum(),
          'SHORT by %d'%(n-len(s)) if (n is not None and len(s)<n) else '')
    taken.append(s.assign(stratum=name)); rem=rem.drop(s.index)
# 1. price and value
take('price',rem[rem.review.str.contains(PR,regex=True)],200)
# 2. every remaining label-0 row
z=rem[rem.label==0]
take('label0',z.sample(len(z),random_state=SEED),None)
# 3. plain random label 1 up to N in all
n=N-sum(len(t) for t in taken)
take('random1',rem[rem.label==1],n)
out=pd.concat(taken).sample(frac=1,random_state=SEED)
out.index.name='row_id'
os.makedirs('/tmp/corpus_hotel_7',exist_ok=True)
out.reset_index()[['row_id','label','stratum','review']].to_csv('/tmp/corpus_hotel_7/drawn.csv',index=False)
print(len(out), out.stratum.value_counts().to_dict(), out.label.value_counts().to_dict())
