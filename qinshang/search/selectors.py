"""Search across the kinds of records, limited to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model
from django.utils.safestring import SafeString

from qinshang.access.rules import visible
from qinshang.search.kinds import KINDS, SearchKind
from qinshang.search.query import matching, search_terms
from qinshang.text.highlight import highlight, snippet


@dataclass(frozen=True)
class Hit:
    kind: SearchKind
    pk: int
    url: str
    name: str           # the title as plain text (pickers put it in a field)
    title: SafeString   # the title with the matched words marked
    excerpt: SafeString
    facts: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    kind: SearchKind
    hits: list[Hit]
    more: bool


def _hit(kind: SearchKind, record: Model, terms: list[str]) -> Hit:
    shown = kind.shown(record)
    return Hit(kind=kind, pk=record.pk, url=kind.url(record), name=shown.title,
               title=highlight(shown.title, terms), excerpt=snippet(shown.text, terms),
               facts=tuple(fact for fact in shown.facts if fact))


def search_kind(user, kind: SearchKind, text: str, *, offset: int = 0,
                limit: int = 10) -> tuple[list[Hit], bool]:
    """One page of one kind's hits, newest first, and whether more follow."""
    terms = search_terms(text)
    if not terms:
        return [], False
    records = (matching(visible(user, kind.model), text)
               .select_related(*kind.related).prefetch_related(*kind.prefetch)
               .order_by("-pk")[offset:offset + limit + 1])
    records = list(records)
    return [_hit(kind, record, terms) for record in records[:limit]], len(records) > limit


def search(user, text: str, *, limit: int = 5,
           kinds: tuple[SearchKind, ...] = KINDS) -> list[Group]:
    """The first hits of every kind that has any, in the order of ``kinds``."""
    groups = []
    for kind in kinds:
        hits, more = search_kind(user, kind, text, limit=limit)
        if hits:
            groups.append(Group(kind=kind, hits=hits, more=more))
    return groups
