# Session-5 hotel draw for corpus_hotel_8 and corpus_hotel_9 (only chooses WHAT to read; the
# label-0 pool is used up, so both files are positive reviews, where mild complaints and praise traps live)
from draw_pair import draw

PLACE = r'位置|交通|打车|出租|地铁|偏|远|周边|附近|公交|机场|火车站|市中心|步行|地段|停车'
RIVALS = r'如家|汉庭|锦江|七天|莫泰|其他酒店|别的酒店|其它酒店|同价位|同档次|不如|比不上|还不如|隔壁|对面|以前住'
draw('ChnSentiCorp_htl_all', {
    'corpus_hotel_8': [('place and transport', PLACE, None, 250),
                       ('rivals and comparisons', RIVALS, None, 150),
                       ('random', None, None, None)],
    'corpus_hotel_9': [('random', None, None, None)],
}, seed=139)
