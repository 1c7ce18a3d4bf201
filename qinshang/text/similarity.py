"""How close two texts are, for spotting an appeal said twice. Chinese has no spaces, so texts
are compared as sets of overlapping character pairs (bigrams) of their folded form."""

from __future__ import annotations

import re

from qinshang.text.folding import fold

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def _bigrams(text: str) -> set[str]:
    compact = _NOISE.sub("", fold(text))
    if len(compact) < 2:
        return {compact} if compact else set()
    return {compact[i:i + 2] for i in range(len(compact) - 1)}


def similarity(first: str, second: str) -> float:
    """Dice coefficient of the two texts' bigrams: 1.0 for the same words in either script,
    0.0 for nothing in common."""
    a, b = _bigrams(first), _bigrams(second)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))
