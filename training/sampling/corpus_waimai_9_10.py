# Session-5 waimai draw for corpus_waimai_9 and corpus_waimai_10 (only chooses WHAT to read)
from draw_pair import draw

RIVALS = (r'别家|其他家|其它家|别的店|其他店|其它店|别的地方|隔壁|对面|人家|外面|饭店|自己做|肯德基|麦当劳'
          r'|必胜客|美团|饿了么|还不如|不如|比不上|差远了|没法比|换一家|换家')
draw('waimai_10k', {
    'corpus_waimai_9': [('rivals and comparisons', RIVALS, None, 150),
                        ('random label 1', None, 1, 180),
                        ('random label 0', None, 0, None)],
    'corpus_waimai_10': [('random label 0', None, 0, 420),
                         ('random label 1', None, 1, None)],
}, seed=131)
