import pandas as pd, glob
SRC='online_shopping_10_cats'
df=pd.read_csv('/work/shared/corpora/online_shopping_10_cats.csv')
df['row_id']=range(len(df))
df=df[df.review.notna()]
df=df[df.review.str.len().between(4,250)]
excl=set()
e=pd.read_csv('/work/main/training/eval_row_ids.csv')
excl|=set(zip(e.source,e.row_id.astype(int)))
for f in sorted(glob.glob('/work/main/training/examples/*.csv')):
    x=pd.read_csv(f); excl|=set(zip(x.source,x.row_id.astype(int)))
df=df[[(SRC,r) not in excl for r in df.row_id]]
print('pool',len(df), df.label.value_counts().to_dict())
CATS=sorted(df.cat.unique())
strata=[('rival',r'别家|其他家|其它家|别的店|实体店|超市|京东|淘宝|天猫|当当|卓越|亚马逊|苏宁|国美|专卖店|商场|以前|换了|不如|别处|官网|拼多多|外面买|同样的|同款',210,40),
('price',r'贵|价格|价钱|性价比|不值|划算|优惠|涨价|降价|便宜|块钱|元|差价|运费',80,20),
('delivery',r'物流|快递|发货|客服|退货|换货|售后|送货',50,10),
('posaspect',r'服务|态度|物流|快递|价格|便宜|质量|正品|发货',0,100),
('random',None,170,70)]
def quotas(n, avail):
    q={c:0 for c in CATS}; open_=[c for c in CATS if avail[c]>0]; rem=n
    while rem>0 and open_:
        k=len(open_); base,extra=divmod(rem,k)
        share={c: base+(1 if i<extra else 0) for i,c in enumerate(open_)}
        capped=[c for c in open_ if avail[c]-q[c] < share[c]]
        if capped:
            for c in capped:
                rem-= avail[c]-q[c]; q[c]=avail[c]
            open_=[c for c in open_ if c not in capped]
        else:
            for c in open_: q[c]+=share[c]
            rem=0
    assert rem==0, 'not enough rows'
    return q
taken=[]; avail=df.copy()
for name,pat,n0,n1 in strata:
    m = avail if pat is None else avail[avail.review.str.contains(pat,regex=True)]
    for lab,n in ((0,n0),(1,n1)):
        if n==0: continue
        ml=m[m.label==lab]
        av={c:int((ml.cat==c).sum()) for c in CATS}
        q=quotas(n,av)
        print(name,lab,'avail',av,'quota',q)
        parts=[ml[ml.cat==c].sample(q[c],random_state=47) for c in CATS if q[c]>0]
        s=pd.concat(parts).assign(stratum=name); taken.append(s)
        avail=avail.drop(s.index)
out=pd.concat(taken).sample(frac=1,random_state=47)
print(len(out), out.row_id.is_unique)
print(pd.crosstab(out.stratum,out.cat))
out[['row_id','cat','label','stratum','review']].to_csv('/tmp/shop3/draw.csv',index=False)
