"""Marking where the folded terms of a query occur in text as it was written.

The text is compared folded (Traditional read as Simplified, width and case ignored), and the
marks are put back on the characters as written, so 融資難 is marked when 融资难 was asked.
"""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qinshang.text.folding import _to_simplified

ELLIPSIS = "…"


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the character it came
    from in ``text``."""
    pieces = [unicodedata.normalize("NFKC", char) for char in text]
    normalised = "".join(pieces)
    simplified = _to_simplified().convert(normalised)
    if len(simplified) != len(normalised):  # a phrase changed length: convert one by one
        pieces = [_to_simplified().convert(piece) for piece in pieces]
    else:
        at = 0
        for index, piece in enumerate(pieces):
            pieces[index] = simplified[at:at + len(piece)]
            at += len(piece)
    folded: list[str] = []
    origins: list[int] = []
    for index, piece in enumerate(pieces):
        lowered = piece.casefold()
        folded.append(lowered)
        origins.extend([index] * len(lowered))
    return "".join(folded), origins


def _marked_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    folded, origins = _folded_with_origins(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = folded.find(term)
        while term and start != -1:
            end = start + len(term) - 1
            spans.append((origins[start], origins[end] + 1))
            start = folded.find(term, start + len(term))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans: list[tuple[int, int]]) -> SafeString:
    parts: list[str] = []
    at = 0
    for start, end in spans:
        parts.append(escape(text[at:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308  every piece of text is escaped above


def highlight(text: str, terms: list[str]) -> SafeString:
    """The whole text, escaped, with every occurrence of a term in <mark>."""
    return _render(text or "", _marked_spans(text or "", terms))


def snippet(text: str, terms: list[str], *, width: int = 80) -> SafeString:
    """About ``width`` characters of the text around the first occurrence of a term (the start
    of the text when none occurs), escaped and marked."""
    text = " ".join((text or "").split())
    spans = _marked_spans(text, terms)
    if len(text) <= width:
        return _render(text, spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = start + width
    window = [(max(s, start) - start, min(e, end) - start) for s, e in spans
              if e > start and s < end]
    rendered = _render(text[start:end], window)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return mark_safe(prefix + rendered + suffix)  # noqa: S308  rendered escapes the text
