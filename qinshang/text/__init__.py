"""Simplified/Traditional-insensitive text: one folding for what is stored and what is asked."""

from qinshang.text.folding import fold, indexed_text, indexed_values, spaced
from qinshang.text.similarity import similarity

__all__ = ["fold", "indexed_text", "indexed_values", "similarity", "spaced"]
