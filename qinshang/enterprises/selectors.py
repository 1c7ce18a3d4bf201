"""Every read of the enterprise file, already limited to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from qinshang.access import get_for_user, principal_of, visible, writable
from qinshang.access.principal import READING_ROLES
from qinshang.accounts.models import Membership, User
from qinshang.enterprises.models import Affiliation, Enterprise, Person, SupportMeasure, Tag
from qinshang.events.models import Event
from qinshang.events.selectors import timeline_events
from qinshang.events.services import timeline_key
from qinshang.offices.models import Department
from qinshang.regions.models import Region
from qinshang.search.query import matching


@dataclass(frozen=True)
class EnterpriseFilter:
    region: Region | None = None
    section: str = ""
    origin: str = ""
    status: str = ""
    tag: Tag | None = None
    liaison_officer: User | None = None
    text: str = ""


def enterprise_list(user, criteria: EnterpriseFilter) -> QuerySet[Enterprise]:
    enterprises = visible(user, Enterprise)
    if criteria.region is not None:
        enterprises = enterprises.filter(criteria.region.subtree_q("region_id"))
    if criteria.section:
        enterprises = enterprises.in_section(criteria.section)
    if criteria.origin:
        enterprises = enterprises.filter(origin=criteria.origin)
    if criteria.status:
        enterprises = enterprises.filter(status=criteria.status)
    if criteria.tag is not None:
        enterprises = enterprises.filter(
            pk__in=Enterprise.tags.through.objects.filter(tag=criteria.tag)
            .values("enterprise_id"))
    if criteria.liaison_officer is not None:
        enterprises = enterprises.filter(liaison_officer=criteria.liaison_officer)
    enterprises = matching(enterprises, criteria.text)
    return (enterprises.select_related("region__parent", "liaison_officer")
            .prefetch_related("tags").order_by("name", "id"))


def enterprise_detail(user, pk) -> Enterprise:
    queryset = Enterprise.objects.select_related("region__parent__parent", "liaison_officer")
    queryset = queryset.prefetch_related(
        "tags",
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("person")),
        Prefetch("measures", queryset=SupportMeasure.objects.select_related("department")),
    )
    return get_for_user(user, Enterprise, pk, queryset=queryset)


def person_of(user, enterprise: Enterprise, pk, *, write: bool = False) -> Person:
    """A person of this enterprise (404 for anyone else's, or out of reach)."""
    return get_for_user(user, Person, pk, write=write,
                        queryset=Person.objects.filter(affiliations__enterprise=enterprise))


def measure_of(user, enterprise: Enterprise, pk, *, write: bool = False) -> SupportMeasure:
    return get_for_user(user, SupportMeasure, pk, write=write,
                        queryset=SupportMeasure.objects.filter(enterprise=enterprise))


def enterprise_timeline(enterprise: Enterprise) -> QuerySet[Event]:
    return timeline_events(timeline_key(enterprise))


def regions_in_reach(user, *, write: bool = False) -> QuerySet[Region]:
    """Current mainland cities and counties the user may file under or filter by."""
    reach = writable if write else visible
    return (reach(user, Region, Region.objects.current())
            .exclude(level=Region.Level.PROVINCE).select_related("parent"))


def counties_for_filing(user) -> QuerySet[Region]:
    """Leaf divisions: counties, and cities that have no counties (东莞, 中山)."""
    return (regions_in_reach(user, write=True)
            .annotate(current_children=Count("children", filter=Q(children__retired=False)))
            .filter(current_children=0).order_by("code"))


def officers_in_reach(user) -> QuerySet[User]:
    """Office staff whose office lies in the user's jurisdiction or above it."""
    principal = principal_of(user)
    offices_below = principal.region_q("office__region_id")
    offices_above = Q(office__region_id__in=principal.offices_above())
    memberships = Membership.objects.filter(offices_below | offices_above, active=True,
                                            role__in=READING_ROLES)
    return User.objects.filter(pk__in=memberships.values("user_id"), is_active=True) \
        .order_by("full_name", "username")


def departments_for(enterprise: Enterprise) -> QuerySet[Department]:
    """Departments at the enterprise's county, its city and its province."""
    code = enterprise.region_id
    return Department.objects.filter(
        region_id__in={code, code[:4] + "00", code[:2] + "0000"}).select_related("region")


def enterprise_counts_by_status(user) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in one aggregate query."""
    counts = dict(visible(user, Enterprise).order_by().values_list("status")
                  .annotate(total=Count("id")).values_list("status", "total"))
    return [(value, label, counts.get(value, 0)) for value, label in Enterprise.Status.choices]


def liaison_enterprise_count(user) -> int:
    return visible(user, Enterprise).filter(liaison_officer=user).active().count()
