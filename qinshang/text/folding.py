import unicodedata
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Fold text for search: full-width to half-width, Traditional to Simplified, lower case.

    t2s folds both 臺 and 台 to 台, so a query in either script meets text in either script.
    """
    if not text:
        return ""
    normalised = unicodedata.normalize("NFKC", text)
    return _to_simplified().convert(normalised).casefold().strip()


def indexed_text(record) -> str:
    """The folded text a searchable record is found by: its model's ``SEARCH_FIELDS``."""
    values = (getattr(record, name) for name in type(record).SEARCH_FIELDS)
    return fold(" ".join(str(value) for value in values if value))
