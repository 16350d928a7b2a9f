"""Answers as safe HTML with the words that triggered a code highlighted."""

from __future__ import annotations

import html
import re

from analysis.normalize import normalize_text


def highlight_html(text: str, terms: list[str]) -> str:
    """The answer HTML-escaped, with every evidence term wrapped in <mark>.

    Terms are found in the normalized answer; when normalization kept the length (the usual
    case: traditional→simplified and full-width→half-width map one character to one), the
    marks fall on the original characters, otherwise on the normalized text.
    """
    original = "" if text is None else str(text)
    normalized = normalize_text(original)
    shown = original if len(normalized) == len(original) else normalized
    marked = [False] * len(shown)
    for term in sorted(set(filter(None, terms)), key=len, reverse=True):
        for match in re.finditer(re.escape(term), normalized):
            for i in range(match.start(), match.end()):
                marked[i] = True
    out, i = [], 0
    while i < len(shown):
        j = i
        while j < len(shown) and marked[j] == marked[i]:
            j += 1
        chunk = html.escape(shown[i:j])
        out.append(f"<mark>{chunk}</mark>" if marked[i] else chunk)
        i = j
    return "".join(out)
