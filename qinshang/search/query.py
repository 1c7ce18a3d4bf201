"""Finding the rows of a searched model whose folded text holds every term of a query.

A query is folded like the stored text (qinshang.text.fold), so script, width and case do not
matter, and split on spaces into terms that must all occur. The stored ``search_text`` has every
character between spaces (qinshang.text.spaced), and so has each term: " 台 ", " 用 工 ". Every
term is then at least three characters long, so on SQLite even one- and two-character queries
are answered by the FTS5 trigram index, as quoted phrases (FTS5 syntax in a query is only text),
never with LIKE on the FTS table (SQLite 3.40 answers nothing there). On PostgreSQL every term is
a LIKE on the column, which the pg_trgm index serves.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

from qinshang.search.indexes import fts_table
from qinshang.text import fold, spaced

MAX_TERMS = 8
MAX_TERM_LENGTH = 64
# Below this many rows a plain scan of the rows (or of the index's matches) is cheap.
SMALL = 5000
BATCH = 1000
MAX_BATCHES = 100


def search_terms(text: str | None) -> list[str]:
    """The folded terms of a query, each once, in the order typed."""
    terms: list[str] = []
    for term in fold(text or "").split():
        term = term[:MAX_TERM_LENGTH]
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _fts_query(terms: list[str]) -> str:
    # Phrases side by side must all occur (FTS5's implicit AND); quotes inside are doubled.
    return " ".join('"' + spaced(term).replace('"', '""') + '"' for term in terms)


def _on_sqlite(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "sqlite"


def _in_index(queryset: QuerySet, terms: list[str]) -> QuerySet:
    fts = fts_table(queryset.model._meta.db_table)
    # The table name is the model's; the query goes as a parameter.
    sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608
    return queryset.filter(pk__in=RawSQL(sql, [_fts_query(terms)]))  # noqa: S611


def _in_column(queryset: QuerySet, terms: list[str]) -> QuerySet:
    for term in terms:
        queryset = queryset.filter(search_text__contains=spaced(term))
    return queryset


def matching(queryset: QuerySet, text: str | None) -> QuerySet:
    """The rows of ``queryset`` whose text holds every term; all of them for an empty query."""
    terms = search_terms(text)
    if not terms:
        return queryset
    if _on_sqlite(queryset):
        return _in_index(queryset, terms)
    return _in_column(queryset, terms)


def _few(queryset: QuerySet) -> bool:
    return queryset.order_by().values("pk")[:SMALL + 1].count() <= SMALL


def _few_in_index(model: type[Model], terms: list[str], using: str) -> bool:
    fts = fts_table(model._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT rowid FROM {fts} WHERE {fts} "  # noqa: S608
                       f"MATCH %s LIMIT %s)", [_fts_query(terms), SMALL + 1])
        return cursor.fetchone()[0] <= SMALL


def _index_newest_first(model: type[Model], terms: list[str], using: str) -> Iterator[list[int]]:
    """The index's matches, newest first, a batch at a time (each batch starts below the last
    one's smallest id: FTS5 walks its rowids in order, so no batch re-reads the ones before)."""
    fts = fts_table(model._meta.db_table)
    below = None
    for _batch in range(MAX_BATCHES):
        bound = "" if below is None else "AND rowid < %s "
        params = [_fts_query(terms)] + ([] if below is None else [below]) + [BATCH]
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s {bound}"  # noqa: S608
                           f"ORDER BY rowid DESC LIMIT %s", params)
            ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return
        yield ids
        below = ids[-1]


def newest_matching(queryset: QuerySet, text: str | None, *, offset: int = 0,
                    limit: int = 10) -> list[Model]:
    """Up to ``limit`` rows of ``queryset`` whose text holds every term, most recently entered
    first, after skipping ``offset``.

    On SQLite the way is chosen by what is small: the index's matches (a rare word: look each
    up), or the user's rows (a county's: read them all); when both are large (a province asking
    for 台), the index is walked newest first until enough of its matches are the user's.
    """
    terms = search_terms(text)
    if not terms:
        return []
    wanted = offset + limit
    if not _on_sqlite(queryset):
        return list(_in_column(queryset, terms).order_by("-pk")[offset:wanted])
    # The index is asked first: one raw statement, and for most kinds and words it settles it.
    if _few_in_index(queryset.model, terms, queryset.db):
        return list(_in_index(queryset, terms).order_by("-pk")[offset:wanted])
    if _few(queryset):
        return list(_in_column(queryset, terms).order_by("-pk")[offset:wanted])
    found: list[Model] = []
    for ids in _index_newest_first(queryset.model, terms, queryset.db):
        found.extend(queryset.filter(pk__in=ids).order_by("-pk"))
        if len(found) >= wanted:
            break
    return found[offset:wanted]
