import unicodedata
from collections.abc import Mapping
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


def spaced(folded: str) -> str:
    """Every character between spaces: " 融 资 难 ". A trigram index then holds each single
    character (" 台 ") and each pair ("融 资" inside " 融 资 "), so one- and two-character
    queries are answered from the index like longer ones."""
    characters = [character for character in folded if not character.isspace()]
    return f" {' '.join(characters)} " if characters else ""


def indexed_text(record) -> str:
    """The text a searchable record is found by: its model's ``SEARCH_FIELDS`` folded and
    spaced."""
    return indexed_values(type(record), {name: getattr(record, name)
                                         for name in type(record).SEARCH_FIELDS})


def indexed_values(model, values: Mapping[str, object]) -> str:
    """The same for a row written without a model instance (bulk imports): ``values`` holds
    at least the model's ``SEARCH_FIELDS``."""
    texts = (values[name] for name in model.SEARCH_FIELDS)
    return spaced(fold(" ".join(str(text) for text in texts if text)))
