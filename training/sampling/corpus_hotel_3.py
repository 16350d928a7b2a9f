import pandas as pd, glob
SRC='ChnSentiCorp_htl_all'
df=pd.read_csv('/work/shared/corpora/ChnSentiCorp_htl_all.csv')
df['row_id']=range(len(df))
df=df[df.review.notna()]
df['review']=df.review.astype(str)
df=df[df.review.str.len().between(4,250)]
excl=set()
e=pd.read_csv('/work/main/training/eval_row_ids.csv')
excl|=set(zip(e.source,e.row_id))
for f in glob.glob('/work/main/training/examples/*.csv'):
    x=pd.read_csv(f); excl|=set(zip(x.source,x.row_id.astype(int)))
df=df[[ (SRC,r) not in excl for r in df.row_id]]
print('pool',len(df), df.label.value_counts().to_dict())
strata=[('rival',r'别家|其他酒店|别的酒店|如家|汉庭|锦江|莫泰|7天|七天|快捷|换了|不如|以前住|上次住|下次.{0,6}(住|选)|隔壁|旁边的|对面的|宾馆|招待所|还是.{0,4}住',140,30),
('distance',r'远|位置|交通|打车|出租|地铁|偏|不好找|难找|公交|地段|周边|附近|机场|火车站',75,25),
('price',r'贵|价格|价钱|性价比|不值|划算|优惠|涨价|收费|便宜|元|房价',65,15),
('posaspect',r'服务|态度|前台|价格|便宜|位置|交通|干净|设施|早餐',0,80),
('random',None,120,50)]
taken=[]; avail=df.copy()
for name,pat,n0,n1 in strata:
    m = avail if pat is None else avail[avail.review.str.contains(pat,regex=True)]
    print(name,'matching',len(m),m.label.value_counts().to_dict())
    for lab,n in ((0,n0),(1,n1)):
        if n==0: continue
        s=m[m.label==lab].sample(n,random_state=43)
        s=s.assign(stratum=name); taken.append(s)
        avail=avail.drop(s.index)
out=pd.concat(taken).sample(frac=1,random_state=43)
print(len(out), out.row_id.is_unique)
out[['row_id','label','stratum','review']].to_csv('/work/labels/tmp/draw.csv',index=False)
