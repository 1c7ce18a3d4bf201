"""Every read of the event pages, already limited to what the user may see: the list with its
filters, one event with who attended and what came of it, and the choices the forms offer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from qinshang.access import get_for_user, principal_of, visible
from qinshang.appeals.models import Appeal, Category
from qinshang.campaigns.models import Campaign, Team
from qinshang.enterprises.models import Enterprise, Person
from qinshang.gatherings.models import Gathering
from qinshang.offices.models import Office
from qinshang.regions.models import Region


@dataclass(frozen=True)
class GatheringFilter:
    kind: str = ""
    region: Region | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    campaign: Campaign | None = None


def _count_of(model_rows, field: str = "pk") -> Coalesce:
    """The number of related rows of each event, as a subquery (two joined counts would
    multiply each other)."""
    return Coalesce(Subquery(model_rows.order_by().values("gathering_id")
                             .annotate(n=Count(field)).values("n")[:1],
                             output_field=IntegerField()), 0)


def _with_counts(gatherings: QuerySet[Gathering]) -> QuerySet[Gathering]:
    through = Gathering.appeals.through.objects.filter(gathering_id=OuterRef("pk"))
    attending = Gathering.enterprises.through.objects.filter(gathering_id=OuterRef("pk"))
    return gatherings.annotate(appeal_count=_count_of(through),
                               enterprise_count=_count_of(attending),
                               project_count=Count("projects", distinct=True))


def gathering_list(user, criteria: GatheringFilter) -> QuerySet[Gathering]:
    gatherings = visible(user, Gathering)
    if criteria.kind:
        gatherings = gatherings.filter(kind=criteria.kind)
    if criteria.region is not None:
        gatherings = gatherings.filter(criteria.region.subtree_q("region_id"))
    if criteria.date_from:
        gatherings = gatherings.filter(held_on__gte=criteria.date_from)
    if criteria.date_to:
        gatherings = gatherings.filter(held_on__lte=criteria.date_to)
    if criteria.campaign is not None:
        gatherings = gatherings.filter(campaign=criteria.campaign)
    return (_with_counts(gatherings)
            .select_related("office", "region__parent", "campaign", "team")
            .order_by("-held_on", "-id"))


def gathering_page(user, criteria: GatheringFilter, number) -> Page:
    return Paginator(gathering_list(user, criteria), settings.QINSHANG_PAGE_SIZE).get_page(number)


def gathering_detail(user, pk, *, write: bool = False) -> Gathering:
    queryset = Gathering.objects.select_related("office", "region__parent", "campaign", "team",
                                                "recorded_by")
    return get_for_user(user, Gathering, pk, write=write, queryset=queryset)


def attending_enterprises(gathering: Gathering) -> QuerySet[Enterprise]:
    return gathering.enterprises.select_related("region").order_by("name", "id")


def attending_persons(gathering: Gathering) -> QuerySet[Person]:
    return gathering.persons.order_by("name", "id")


def appeals_raised_visible(user, gathering: Gathering) -> QuerySet[Appeal]:
    return (visible(user, Appeal, gathering.appeals.all())
            .select_related("category", "enterprise", "person").order_by("id"))


def projects_signed_visible(user, gathering: Gathering):
    from qinshang.projects.models import Project

    return (visible(user, Project, gathering.projects.all())
            .select_related("region", "enterprise").order_by("-signed_on", "id"))


def contracted_total(projects) -> object:
    return projects.aggregate(total=Sum("contracted_investment"))["total"]


# --- what the forms offer -------------------------------------------------------------------

def problem_categories() -> list[Category]:
    return list(Category.objects.filter(active=True))


def offices_in_reach(user, *, write: bool = False) -> QuerySet[Office]:
    return (Office.objects.filter(principal_of(user).region_q("region_id", write=write))
            .select_related("region").order_by("region_id"))


def divisions_in_reach(user, *, write: bool = False) -> QuerySet[Region]:
    """Current divisions the user reads (or writes) for, the province included."""
    return (visible(user, Region, Region.objects.current())
            .filter(principal_of(user).region_q("code", write=write))
            .select_related("parent").order_by("code"))


def campaigns_in_reach(user) -> QuerySet[Campaign]:
    return visible(user, Campaign).order_by("-starts_on", "-id")


def teams_in_reach(user) -> QuerySet[Team]:
    return (visible(user, Team).select_related("campaign", "area")
            .order_by("-campaign__starts_on", "campaign_id", "name"))


def enterprises_to_pick(user) -> QuerySet[Enterprise]:
    """The enterprises an event's attendance may name: those the user sees."""
    return visible(user, Enterprise)


def persons_to_pick(user) -> QuerySet[Person]:
    return visible(user, Person)
