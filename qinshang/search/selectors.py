"""Search across the kinds of records, limited to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils.safestring import SafeString

from qinshang.access.rules import visible, writable
from qinshang.search.kinds import KINDS, SearchKind
from qinshang.search.query import newest_matching, search_terms
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


def search_kind(user, kind: SearchKind, text: str, *, offset: int = 0, limit: int = 10,
                base: QuerySet | None = None) -> tuple[list[Hit], bool]:
    """One page of one kind's hits, most recently entered first, and whether more follow.

    ``base`` narrows the search to some of the rows the user may see (a form's choices, e.g.
    ``writable(user, Enterprise)``); it must already be limited by the access rules."""
    terms = search_terms(text)
    if not terms:
        return [], False
    among = base if base is not None else visible(user, kind.model)
    records = newest_matching(among.select_related(*kind.related)
                              .prefetch_related(*kind.prefetch),
                              text, offset=offset, limit=limit + 1)
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


# --- pickers in forms ----------------------------------------------------------------------------

PICKABLE_KINDS = ("enterprise", "person")


@dataclass(frozen=True)
class PickScope:
    """Which of the records the user may see a form's picker offers: those they may change
    (``write``), those within a division (``region``, a GB/T 2260 code), the persons of one
    enterprise (``enterprise``), the target enterprises of one campaign (``campaign``). Only
    ever narrows; the form's own queryset still decides."""

    write: bool = False
    region: str = ""
    enterprise: int | None = None
    campaign: int | None = None

    def params(self) -> dict[str, str]:
        """The scope as the pick endpoint's query parameters."""
        params = {"write": "1"} if self.write else {}
        if self.region:
            params["region"] = self.region
        if self.enterprise is not None:
            params["enterprise"] = str(self.enterprise)
        if self.campaign is not None:
            params["campaign"] = str(self.campaign)
        return params


def pickable(user, kind: SearchKind, scope: PickScope) -> QuerySet:
    """The records of ``kind`` (enterprise or person) a picker with ``scope`` offers."""
    # Imported here, like the models of kinds.py: the apps import qinshang.search.
    from qinshang.campaigns.models import Target
    from qinshang.enterprises.models import Affiliation, Enterprise
    from qinshang.regions.models import Region

    rows = (writable if scope.write else visible)(user, kind.model)
    if scope.region:
        region = Region.objects.filter(code=scope.region).first()
        rows = rows.filter(region.subtree_q("region_id")) if region else rows.none()
    if scope.enterprise is not None and kind.key == "person":
        seen = visible(user, Enterprise).filter(pk=scope.enterprise)
        rows = rows.filter(pk__in=Affiliation.objects.filter(enterprise__in=seen)
                           .values("person_id"))
    if scope.campaign is not None and kind.key == "enterprise":
        targets = visible(user, Target).filter(campaign_id=scope.campaign)
        rows = rows.filter(pk__in=targets.values("enterprise_id"))
    return rows
