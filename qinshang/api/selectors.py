"""The API's reads that no page makes (persons across enterprises, visits across campaigns),
limited by ``visible`` like every other read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from qinshang.access import visible
from qinshang.api.models import ApiToken
from qinshang.campaigns.models import Visit
from qinshang.enterprises.models import Affiliation, Enterprise, Person
from qinshang.regions.models import Region
from qinshang.search.query import matching


@dataclass(frozen=True)
class PersonFilter:
    text: str = ""
    region: Region | None = None
    enterprise: Enterprise | None = None


def person_list(user, criteria: PersonFilter) -> QuerySet[Person]:
    persons = visible(user, Person)
    if criteria.region is not None:
        persons = persons.filter(criteria.region.subtree_q("region_id"))
    if criteria.enterprise is not None:
        persons = persons.filter(pk__in=Affiliation.objects.filter(
            enterprise=criteria.enterprise).values("person_id"))
    # The one search: 陈志明 finds 陳志明, in either script and width.
    persons = matching(persons, criteria.text)
    return persons.select_related("region").order_by("name", "id")


def persons_with_details() -> QuerySet[Person]:
    return Person.objects.select_related("region")


def affiliations_visible(user, person: Person) -> QuerySet[Affiliation]:
    """The person's enterprises that the user may see (a person may also work for an
    enterprise of another county)."""
    return (Affiliation.objects.filter(person=person,
                                       enterprise__in=visible(user, Enterprise).values("pk"))
            .select_related("enterprise").order_by("enterprise__name", "enterprise_id"))


@dataclass(frozen=True)
class VisitFilter:
    region: Region | None = None
    enterprise: Enterprise | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    method: str = ""


def visit_list(user, criteria: VisitFilter) -> QuerySet[Visit]:
    """Visits in reach, under any campaign or none, newest first."""
    visits = visible(user, Visit)
    if criteria.region is not None:
        visits = visits.filter(criteria.region.subtree_q("region_id"))
    if criteria.enterprise is not None:
        visits = visits.filter(enterprise=criteria.enterprise)
    if criteria.date_from:
        visits = visits.filter(visited_on__gte=criteria.date_from)
    if criteria.date_to:
        visits = visits.filter(visited_on__lte=criteria.date_to)
    if criteria.method:
        visits = visits.filter(method=criteria.method)
    return with_visit_details(visits).order_by("-visited_on", "-id")


def with_visit_details(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    return (visits.select_related("enterprise", "region", "campaign", "team")
            .prefetch_related("staff", Prefetch("persons_met", queryset=Person.objects.only(
                "id", "name")))
            .annotate(appeals_raised=Count("raised_appeals")))


# --- the user's own API tokens ------------------------------------------------------------------

def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_of(user, pk) -> ApiToken:
    """One of the user's own tokens; another user's is not found, like one that never was."""
    try:
        return tokens_of(user).get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
