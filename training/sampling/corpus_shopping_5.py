import pandas as pd, glob
P='/work/shared/corpora/online_shopping_10_cats.csv'; SRC='online_shopping_10_cats'; SEED=61
df=pd.read_csv(P)
df['row_id']=df.index
df=df[df.review.notna()]
df=df[df.review.str.len().between(4,250)]
print('base',len(df))
ex=set()
ev=pd.read_csv('/work/main/training/eval_row_ids.csv'); ex|=set(ev[ev.source==SRC].row_id)
for f in glob.glob('/work/main/training/examples/*.csv')+['/work/labels/corpus_shopping_3.csv','/work/labels/corpus_shopping_4.csv']:
    e=pd.read_csv(f); ex|=set(e[e.source==SRC].row_id)
df=df[~df.row_id.isin(ex)]
print('pool',len(df), df.label.value_counts().to_dict())
RIV=r'别家|其他家|其它家|别的店|实体店|超市|京东|淘宝|天猫|当当|卓越|亚马逊|苏宁|国美|专卖店|商场|换了|不如|别处|官网|拼多多|外面买|同样的|同款|别的牌子|其他品牌|其它品牌|以前用|以前买|之前用|之前买|原来用|原来的|比.{1,6}(?:好|便宜|强|差|贵)|还是.{0,4}(?:去|买|用)|下次.{0,6}(?:去|买|用)'
df['riv']=df.review.str.contains(RIV,regex=True)
cats=sorted(df.cat.unique())
def alloc(avail,total):
    # even split, shortfall redistributed evenly in sorted order
    q={c:0 for c in cats}; rem=total
    while rem>0:
        open_=[c for c in cats if avail[c]>q[c]]
        if not open_: break
        base,extra=divmod(rem,len(open_))
        for i,c in enumerate(open_):
            add=min(base+(1 if i<extra else 0),avail[c]-q[c]); q[c]+=add
        rem=total-sum(q.values())
    return q
out=[]
taken=set()
for stratum,mask,quota in [('rival',df.riv,{0:500,1:100}),('random',None,{0:140,1:60})]:
    for lab,n in quota.items():
        sub=df[(df.label==lab)&(~df.row_id.isin(taken))]
        if mask is not None: sub=sub[mask.loc[sub.index]]
        avail=sub.cat.value_counts().to_dict(); avail={c:avail.get(c,0) for c in cats}
        q=alloc(avail,n); print(stratum,lab,q)
        for c in cats:
            s=sub[sub.cat==c].sample(q[c],random_state=SEED); s=s.assign(stratum=stratum)
            out.append(s); taken|=set(s.row_id)
d=pd.concat(out).sample(frac=1,random_state=SEED)
print(len(d), d.row_id.nunique(), d.groupby(['stratum','label']).size().to_dict())
d[['row_id','cat','label','stratum','review']].to_csv('drawn.csv',index=False)
