import pandas as pd, glob
P='/work/shared/corpora/ChnSentiCorp_htl_all.csv'; S='ChnSentiCorp_htl_all'
df=pd.read_csv(P)
df['review']=df['review']
L=df.review.str.len()
pool=df[df.review.notna() & (L>=4) & (L<=250)].copy()
ex=set()
ev=pd.read_csv('/work/main/training/eval_row_ids.csv'); ex|=set(ev[ev.source==S].row_id)
for f in glob.glob('/work/main/training/examples/*.csv')+['/work/labels/corpus_hotel_3.csv']:
    d=pd.read_csv(f); ex|=set(d[d.source==S].row_id)
pool=pool[~pool.index.isin(ex)]
print('pool',len(pool),pool.label.value_counts().to_dict())
R=r'别家|其他酒店|别的酒店|如家|汉庭|锦江|莫泰|7天|七天|速8|格林|快捷|换了|换到|不如|以前住|上次住|之前住|下次.{0,6}(住|选)|隔壁|旁边的|对面的|招待所|还是.{0,4}住|比.{1,8}(好|便宜|强|差|贵)'
D=r'远|位置|交通|打车|出租|地铁|偏|不好找|难找|公交|地段|周边|附近|机场|火车站|市区|市中心'
strata=[('rival',R,170,30),('distance',D,75,25),('random',None,240,110)]
taken=[];rem=pool.copy()
for name,pat,n0,n1 in strata:
    for lab,n in ((0,n0),(1,n1)):
        c=rem[rem.label==lab]
        if pat: c=c[c.review.str.contains(pat,regex=True)]
        print(name,lab,'available',len(c),'want',n)
        s=c.sample(min(n,len(c)),random_state=67)
        if len(s)<n:
            fill=rem[(rem.label==lab)&~rem.index.isin(s.index)].sample(n-len(s),random_state=67)
            print('  SHORT, filled',len(fill)); s=pd.concat([s,fill])
        s=s.assign(stratum=name); taken.append(s); rem=rem.drop(s.index)
out=pd.concat(taken).sample(frac=1,random_state=67)
out.index.name='row_id'
out.reset_index()[['row_id','label','stratum','review']].to_pickle('draw.pkl')
print(len(out), out.stratum.value_counts().to_dict(), out.label.value_counts().to_dict())
