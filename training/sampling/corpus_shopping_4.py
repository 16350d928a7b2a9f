import pandas as pd, glob
P='/work/shared/corpora/online_shopping_10_cats.csv'
SRC='online_shopping_10_cats'
df=pd.read_csv(P)
df['row_id']=range(len(df))
print(len(df), df.columns.tolist())
rev=df['review']
ok=rev.notna()
L=rev.fillna('').astype(str).str.len()
pool=df[ok & (L>=4) & (L<=250)].copy()
print('len-ok',len(pool))
ev=pd.read_csv('/work/main/training/eval_row_ids.csv')
excl=set(ev.loc[ev.source==SRC,'row_id'])
for f in glob.glob('/work/main/training/examples/*.csv'):
    e=pd.read_csv(f); excl|=set(e.loc[e.source==SRC,'row_id'])
pool=pool[~pool.row_id.isin(excl)]
print('after eval/examples',len(pool))
RIVAL='别家|其他家|其它家|别的店|实体店|超市|京东|淘宝|天猫|当当|卓越|亚马逊|苏宁|国美|专卖店|商场|以前|换了|不如|别处|官网|拼多多|外面买|同样的|同款'
pool=pool[~pool.review.astype(str).str.contains(RIVAL,regex=True)]
print('after rival',len(pool))
s3=pd.read_csv('/work/labels/corpus_shopping_3.csv')
s3ids=set(s3.loc[s3.source==SRC,'row_id'])
print('shopping_3 rows', len(s3), len(s3ids))
pool=pool[~pool.row_id.isin(s3ids)]
print('final pool',len(pool), pool.label.value_counts().to_dict())
PS='贵|价格|价钱|性价比|不值|划算|优惠|便宜|块钱|元|差价|运费|物流|快递|发货|客服|退货|售后'
pool['ps']=pool.review.astype(str).str.contains(PS,regex=True)
print(pool.groupby(['cat','ps','label']).size().unstack([1,2]))
SEED=59
cats=sorted(pool.cat.unique())
# base per category: ps 10/6, rand 42/22 (label 0/1) = 80, 52 label 0.
# 热水器 has only 26 label-0 rows: it gives all of them and fills its 80 with label 1;
# its label-0 shortfall (26) moves, evenly in sorted category order, to the other 9
# categories' rand label-0 quota, each of which gives up the same number of rand label-1 rows.
short={}
for c in cats:
    n0=(pool.cat==c).sum() and ((pool.cat==c)&(pool.label==0)).sum()
    if n0<52: short[c]=52-n0
tot=sum(short.values()); others=[c for c in cats if c not in short]
extra={c:tot//len(others)+(1 if i<tot%len(others) else 0) for i,c in enumerate(others)}
print('short',short,'extra',extra)
taken=[]
for c in cats:
    sub=pool[pool.cat==c]
    q={('ps',0):10,('ps',1):6,('rand',0):42,('rand',1):22}
    if c in short: q[('rand',0)]-=short[c]; q[('rand',1)]+=short[c]
    else: q[('rand',0)]+=extra[c]; q[('rand',1)]-=extra[c]
    used=set()
    for st in ['ps','rand']:
        for lab in [0,1]:
            n=q[(st,lab)]
            cand=sub[(sub.label==lab)&(~sub.row_id.isin(used))]
            if st=='ps': cand=cand[cand.ps]
            assert len(cand)>=n,(c,st,lab,len(cand),n)
            s=cand.sample(n,random_state=SEED)
            s=s.assign(stratum=st); used|=set(s.row_id); taken.append(s)
d=pd.concat(taken)
d=d.sample(frac=1,random_state=SEED).reset_index(drop=True)
print(len(d), d.label.value_counts().to_dict()); print(d.groupby(['cat','stratum','label']).size().unstack([1,2]))
d[['row_id','cat','label','stratum','review']].to_csv('drawn.csv',index=False)
