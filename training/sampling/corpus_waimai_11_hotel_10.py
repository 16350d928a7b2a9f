# Session-5 second draw for corpus_waimai_11 and corpus_hotel_10 (only chooses WHAT to read;
# both pools hold only what earlier draws left: waimai at random, hotel all label 1).
from draw_pair import draw

draw('waimai_10k', {
    'corpus_waimai_11': [('random label 1', None, 1, 150),
                         ('random label 0', None, 0, None)],
}, seed=163)
draw('ChnSentiCorp_htl_all', {
    'corpus_hotel_10': [('random', None, None, None)],
}, seed=163)
