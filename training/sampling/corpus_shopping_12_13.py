# Session-5 shopping draw for corpus_shopping_12 and corpus_shopping_13 (only chooses WHAT to read)
from draw_pair import draw

COMPARE = (r'还不如|远不如|都不如|不如|比不上|赶不上|比不过|差远了|差得远|没法比|别家|其他家|其它家|别的店'
           r'|其他店|实体店|超市|专卖店|商场|淘宝|天猫|苏宁|国美|当当|亚马逊|官网|换成|改用|以后.{0,4}(?:去|在)')
PLACE = r'偏远|不送|配送范围|自提|离.{0,4}远|附近没有|网点|太远|位置|交通'
draw('online_shopping_10_cats', {
    'corpus_shopping_12': [('comparisons and rivals', COMPARE, None, 300),
                           ('place', PLACE, None, 40),
                           ('random label 0', None, 0, None)],
    'corpus_shopping_13': [('random label 0', None, 0, 400),
                           ('random label 1', None, 1, None)],
}, seed=149)
