"""Per-tag F1 on gold sets with each coding mechanism switched off in turn.

Run from the repository root:
    python scripts/measure_mechanisms.py ../shared/eval/dev_real.csv ../shared/eval/dev_synthetic.csv
For every variant the codebook rules code the gold set alone ("rules") and together with a
learned layer retrained on training/examples coded by that same variant ("rules+model"), so a
mechanism's worth is measured the way it would ship. Prints one Markdown table per gold set.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.code import AnswerCoder, evidence_of, tags_of  # noqa: E402
from analysis.codebook import OTHER, REASON_ORDER, Codebook, available_packs, load_codebook  # noqa: E402
from analysis.evaluate import score_tags  # noqa: E402
from analysis.learn import ReasonClassifier, training_examples  # noqa: E402
from analysis.model import refine_codes  # noqa: E402
from analysis.normalize import normalize_answers  # noqa: E402
from analysis.segment import Segmenter  # noqa: E402


@dataclass
class Variant:
    """One way of coding: a codebook, a segmenter built from it and a normalizer."""

    name: str
    codebook: Codebook
    segmenter: Callable[[Codebook], Segmenter] = Segmenter.for_codebook
    normalize: Callable[[pd.Series], pd.Series] = normalize_answers
    keywords_only: bool = False


def _keyword_tags(text: str, codebook: Codebook) -> list[str]:
    """The plain keyword baseline: a reason for every signal word found anywhere as a substring."""
    return [r.id for r in codebook.reasons if any(word in text for word in r.signals)]


def code(variant: Variant, texts: pd.Series) -> tuple[pd.Series, pd.DataFrame]:
    """Normalized texts and their codebook tags and evidence under a variant."""
    normalized = variant.normalize(texts)
    if variant.keywords_only:
        tags = ["|".join(sorted(set(_keyword_tags(t, variant.codebook)))) or OTHER for t in normalized]
        return normalized, pd.DataFrame({"tags": tags, "evidence": "", "cancelled": ""}, index=texts.index)
    coder = AnswerCoder(variant.codebook, variant.segmenter(variant.codebook))
    cancelled = [set() for _ in normalized]
    hits = [coder.code(t, c) for t, c in zip(normalized, cancelled)]
    return normalized, pd.DataFrame({"tags": [tags_of(h) for h in hits],
                                     "evidence": [evidence_of(h, variant.codebook.ids) for h in hits],
                                     "cancelled": ["|".join(sorted(c - {hit.reason for hit in h}))
                                                   for c, h in zip(cancelled, hits)]},
                                    index=texts.index)


def variants(base: Codebook, packs: tuple[str, ...]) -> list[Variant]:
    """The full coder and one variant per mechanism switched off."""
    cues = base.cues
    no_praise = replace(base, reasons=tuple(replace(r, praise=(), praise_patterns=()) for r in base.reasons),
                        cues=replace(cues, praise=()))
    no_patterns = replace(base, reasons=tuple(replace(r, patterns=()) for r in base.reasons))
    no_rivals = replace(base, reasons=tuple(replace(r, rival_patterns=()) for r in base.reasons))
    return [
        Variant("all mechanisms", base),
        Variant("keyword substrings only (baseline)", base, keywords_only=True),
        Variant("without negation, denials, wave-offs", replace(base, cues=replace(cues, negators=(), denials=(), waivers=()))),
        Variant("without contrast clauses", replace(base, cues=replace(cues, contrast=()))),
        Variant("without praise lists", no_praise),
        Variant("without slot patterns", no_patterns),
        Variant("without rival comparisons", no_rivals),
        Variant("without codebook user words", base, segmenter=lambda b: Segmenter(prefixes=(*b.cues.degree, *b.cues.negators))),
        Variant("without splitting glued prefixes", base, segmenter=without_prefixes),
        Variant("without normalization (NFKC, t2s)", base, normalize=lowercase_only),
        Variant(f"with packs {', '.join(packs)}", load_codebook(packs=packs)),
    ]


def lowercase_only(texts: pd.Series) -> pd.Series:
    """Answers as typed, lower-cased and stripped: no NFKC, no traditional → simplified."""
    return texts.fillna("").astype(str).str.lower().str.strip()


def without_prefixes(codebook: Codebook) -> Segmenter:
    """The codebook's segmenter with no glued prefixes split off."""
    full = Segmenter.for_codebook(codebook)
    return Segmenter(words=full.words, prefixes=())


def f1_row(name: str, layer: str, gold: pd.Series, predicted: pd.Series) -> str:
    """One Markdown table row: macro-F1 and F1 per tag."""
    report = score_tags(gold, predicted, REASON_ORDER)
    cells = [f"{report['macro_f1']:.3f}"] + [f"{report['per_tag'][t]['f1']:.2f}" for t in REASON_ORDER]
    return f"| {name} | {layer} | " + " | ".join(cells) + " |"


def main() -> None:
    """Print the per-mechanism tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--pack", action="append", help="packs for the pack row (default: all)")
    parser.add_argument("--only", action="append", help="run only the variants whose name contains this (repeatable)")
    args = parser.parse_args()
    packs = tuple(args.pack or available_packs())
    golds = {path: pd.read_csv(path, dtype=str) for path in args.gold}
    examples = training_examples()
    rows: dict[str, list[str]] = {path: [] for path in golds}
    chosen = [v for v in variants(load_codebook(), packs) if not args.only or any(o in v.name for o in args.only)]
    for variant in chosen:
        normalized, coded = code(variant, examples["text"])
        model = ReasonClassifier().fit(pd.DataFrame({"text": normalized, "rule_tags": coded["tags"],
                                                     "rule_cancelled": coded["cancelled"]}),
                                       examples["tags"]).to_model()
        for path, gold in golds.items():
            normalized, coded = code(variant, gold["text"])
            rows[path].append(f1_row(variant.name, "rules", gold["tags"], coded["tags"]))
            refined = refine_codes(normalized, coded, model)
            rows[path].append(f1_row(variant.name, "rules+model", gold["tags"], refined["tags"]))
        print(f"done: {variant.name}", file=sys.stderr, flush=True)
    for path, lines in rows.items():
        print(f"\n### {Path(path).name}\n")
        print("| variant | layers | macro-F1 | " + " | ".join(REASON_ORDER) + " |")
        print("|---|---|" + "---|" * (len(REASON_ORDER) + 1))
        print("\n".join(lines))


if __name__ == "__main__":
    main()
