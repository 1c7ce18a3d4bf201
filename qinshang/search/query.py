"""Narrowing a queryset of a searched model to the rows whose folded text holds every term.

A query is folded like the stored text (qinshang.text.fold), so script, width and case do not
matter, and split on spaces into terms that must all occur. On SQLite a term of three characters
or more is looked up in the FTS5 trigram index as a quoted phrase (so FTS5 syntax in a query is
only text); a shorter one is matched on the table's own folded column, never with LIKE on the FTS
table (SQLite 3.40 answers nothing there). On PostgreSQL every term is a LIKE on the folded
column, which the pg_trgm index serves.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from qinshang.search.indexes import fts_table
from qinshang.text import fold

MAX_TERMS = 8
MAX_TERM_LENGTH = 64
TRIGRAM = 3


def search_terms(text: str | None) -> list[str]:
    """The folded terms of a query, each once, in the order typed."""
    terms: list[str] = []
    for term in fold(text or "").split():
        term = term[:MAX_TERM_LENGTH]
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def matching(queryset: QuerySet, text: str | None) -> QuerySet:
    """The rows of ``queryset`` whose ``search_text`` contains every term; all of them for an
    empty query."""
    terms = search_terms(text)
    if not terms:
        return queryset
    vendor = connections[queryset.db].vendor
    long_terms = [term for term in terms if len(term) >= TRIGRAM]
    short_terms = [term for term in terms if len(term) < TRIGRAM]
    if vendor == "sqlite" and long_terms:
        fts = fts_table(queryset.model._meta.db_table)
        phrases = " ".join(_fts_phrase(term) for term in long_terms)
        # Several phrases side by side must all occur (FTS5's implicit AND). The table name is
        # the model's; the query goes as a parameter.
        in_index = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608
        queryset = queryset.filter(pk__in=RawSQL(in_index, [phrases]))  # noqa: S611
    else:
        short_terms = terms
    for term in short_terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset
