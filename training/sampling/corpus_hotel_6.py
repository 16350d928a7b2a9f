# Draw for corpus_hotel_6 (chooses what gets read only; labels are assigned by hand).
import pandas as pd, glob, os, warnings
warnings.filterwarnings('ignore', message='This pattern is interpreted as a regular expression, and has match groups')
P='/work/shared/corpora/ChnSentiCorp_htl_all.csv'; S='ChnSentiCorp_htl_all'; SEED=89
df=pd.read_csv(P)
L=df.review.str.len()
pool=df[df.review.notna() & (L>=4) & (L<=300)].copy()
ex=set()
ev=pd.read_csv('/work/main/training/eval_row_ids.csv'); ex|=set(ev[ev.source==S].row_id)
for f in sorted(glob.glob('/work/main/training/examples/*.csv')):
    if f.endswith('corpus_hotel_6.csv'): continue   # this draw's own output, if already written
    d=pd.read_csv(f); ex|=set(d[d.source==S].row_id)
pool=pool[~pool.index.isin(ex)]
print('pool',len(pool),pool.label.value_counts().to_dict())
D=r'远|距离|位置|交通|打车|出租|的士|地铁|公交|偏僻|偏|不好找|难找|周边|附近|周围|市中心|火车站|机场|步行|路程|地段|方便'
R=(r'不如|比不上|差远了|差得远|没有.{1,8}好|还是.{0,4}(住|去|选)|换了|换到|别家|其他酒店|其它酒店|另一家|隔壁|对面|'
   r'如家|汉庭|锦江|莫泰|七天|7天|格林|速8|希尔顿|香格里拉|喜来登|以前住|上次住|携程|艺龙|同程|去哪')
strata=[('place',D,220),('rival',R,180),('random',None,200)]
taken=[]; rem=pool.copy()
for name,pat,n in strata:
    c=rem if pat is None else rem[rem.review.str.contains(pat,regex=True)]
    s=c.sample(min(n,len(c)),random_state=SEED)
    print(name,'available',len(c),'wanted',n,'taken',len(s),'label 0/1',
          (s.label==0).sum(),'/',(s.label==1).sum(), 'SHORT by %d'%(n-len(s)) if len(s)<n else '')
    taken.append(s.assign(stratum=name)); rem=rem.drop(s.index)
out=pd.concat(taken).sample(frac=1,random_state=SEED)
out.index.name='row_id'
os.makedirs('/tmp/hotel6',exist_ok=True)
out.reset_index()[['row_id','label','stratum','review']].to_csv('/tmp/hotel6/drawn.csv',index=False)
print(len(out), out.stratum.value_counts().to_dict(), out.label.value_counts().to_dict())
