"""Shared draw for the session-5 corpus files: one or more files of up to 600 rows from one corpus,
strata in order, each file drawn from what the earlier ones left.

Only chooses WHAT gets read; every label is assigned by hand. Each round's script (e.g.
corpus_waimai_9_10.py) calls draw() with its strata; the pool skips eval_row_ids.csv, every
examples/*.csv except the round's own outputs and every text already labeled. Re-running reproduces
a draw only while no later round's files are in examples/ (they leave the pool too).
"""
import glob
import os

import pandas as pd

MAIN = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPORA = os.path.join(os.path.dirname(MAIN), 'shared', 'corpora')


def pool(source: str, own: tuple) -> pd.DataFrame:
    """Non-empty reviews of 4-250 characters, minus eval rows, labeled rows and texts already labeled."""
    df = pd.read_csv(os.path.join(CORPORA, source + '.csv'))
    df['row_id'] = range(len(df))
    df = df[df['review'].notna() & df['review'].astype(str).str.len().between(4, 250)]
    excl, texts = set(), set()
    ev = pd.read_csv(os.path.join(MAIN, 'training', 'eval_row_ids.csv'))
    excl |= set(ev.loc[ev['source'] == source, 'row_id'].astype(int))
    for f in sorted(glob.glob(os.path.join(MAIN, 'training', 'examples', '*.csv'))):
        if os.path.basename(f)[:-4] in own:
            continue
        e = pd.read_csv(f)
        excl |= set(e.loc[e['source'] == source, 'row_id'].astype(int)) if 'source' in e else set()
        texts |= set(e['text'].astype(str))
    out = df[~df['row_id'].isin(excl) & ~df['review'].astype(str).isin(texts)]
    out = out.drop_duplicates('review')
    print(source, 'base', len(df), 'pool', len(out), out['label'].value_counts().to_dict())
    return out


def draw(source: str, files: dict, seed: int, where=None) -> None:
    """files: name -> [(stratum, regex or None, label or None, n or None for the rest up to 600)];
    where: a filter on the pool's rows (e.g. one category left out)."""
    available = pool(source, tuple(files))
    if where is not None:
        available = available[where(available)]
        print('after filter', len(available), available['label'].value_counts().to_dict())
    for name, strata in files.items():
        taken = []
        for stratum, pattern, label, n in strata:
            rows = available
            if pattern is not None:
                rows = rows[rows['review'].astype(str).str.contains(pattern, regex=True)]
            if label is not None:
                rows = rows[rows['label'] == label]
            if n is None:
                n = 600 - sum(len(t) for t in taken)
            k = min(n, len(rows))
            print(name, stratum, 'available', len(rows), 'drawn', k, '' if k == n else f'(short by {n - k})')
            picked = rows.sample(k, random_state=seed).assign(stratum=stratum)
            taken.append(picked)
            available = available[~available['row_id'].isin(picked['row_id'])]
        drawn = pd.concat(taken).sample(frac=1, random_state=seed).reset_index(drop=True)
        print(pd.crosstab(drawn['stratum'], drawn['label']))
        os.makedirs(f'/tmp/{name}', exist_ok=True)
        cols = [c for c in ('row_id', 'cat', 'label', 'stratum', 'review') if c in drawn]
        drawn[cols].to_csv(f'/tmp/{name}/drawn.csv', index=False)
