# Session-5 fourth draw: corpus_shopping_19/20, corpus_waimai_13, corpus_hotel_12 (only chooses WHAT to read).
# Shopping leaves out 酒店 (the hotel corpus's own texts, drawn here as corpus_hotel_12).
from draw_pair import draw

COMPARE = (r'还不如|远不如|都不如|不如|比不上|赶不上|比不过|差远了|差得远|没法比|别家|其他家|其它家|别的店'
           r'|其他店|实体店|超市|专卖店|商场|淘宝|天猫|苏宁|国美|当当|亚马逊|官网|换成|改用|以后.{0,4}(?:去|在)'
           r'|别的牌子|其他牌子|其他品牌|别的品牌|同价位|同样的价格|市场上|外面')
draw('online_shopping_10_cats', {
    'corpus_shopping_19': [('comparisons and rivals', COMPARE, None, 450),
                           ('random label 0', None, 0, None)],
    'corpus_shopping_20': [('random label 0', None, 0, 450),
                           ('random label 1', None, 1, None)],
}, seed=173, where=lambda rows: rows['cat'] != '酒店')
draw('waimai_10k', {
    'corpus_waimai_13': [('random label 1', None, 1, 150),
                         ('random label 0', None, 0, None)],
}, seed=173)
draw('ChnSentiCorp_htl_all', {
    'corpus_hotel_12': [('random', None, None, None)],
}, seed=173)
