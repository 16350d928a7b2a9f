# Session-5 second shopping draw for corpus_shopping_14, 15 and 16 (only chooses WHAT to read).
# The 酒店 category is left out: its reviews are the hotel corpus's own texts (5,574 of 7,766 hotel
# reviews appear in it), which corpus_hotel_10 is drawn from at the same time.
from draw_pair import draw

COMPARE = (r'还不如|远不如|都不如|不如|比不上|赶不上|比不过|差远了|差得远|没法比|别家|其他家|其它家|别的店'
           r'|其他店|实体店|超市|专卖店|商场|淘宝|天猫|苏宁|国美|当当|亚马逊|官网|换成|改用|以后.{0,4}(?:去|在)'
           r'|别的牌子|其他牌子|其他品牌|别的品牌|同价位|同样的价格|市场上|外面')
draw('online_shopping_10_cats', {
    'corpus_shopping_14': [('comparisons and rivals', COMPARE, None, 400),
                           ('random label 0', None, 0, None)],
    'corpus_shopping_15': [('comparisons and rivals', COMPARE, None, 300),
                           ('random label 0', None, 0, None)],
    'corpus_shopping_16': [('random label 0', None, 0, 400),
                           ('random label 1', None, 1, None)],
}, seed=157, where=lambda rows: rows['cat'] != '酒店')
