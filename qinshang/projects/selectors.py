"""Every read of the project pages, already limited to what the user may see: the list with its
filters, one project with its stage timeline, and what the forms offer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qinshang.access import get_for_user, principal_of, visible
from qinshang.enterprises.models import Enterprise
from qinshang.gatherings.models import SIGNING_KINDS, Gathering
from qinshang.projects.models import Project, ProjectStage
from qinshang.regions.models import Region


class StageFilter:
    """Where a project stands, for the list's filter."""

    SIGNED_ONLY = "signed"
    REGISTERED = "registered"
    FUNDS = "funds"
    CONSTRUCTION = "construction"
    PRODUCTION = "production"
    STALLED = "stalled"
    CANCELLED = "cancelled"

    choices = [
        (SIGNED_ONLY, _("Signed, nothing since")),
        (REGISTERED, _("Enterprise registered")),
        (FUNDS, _("Funds arrived (some or all)")),
        (CONSTRUCTION, _("Construction started")),
        (PRODUCTION, _("Production started")),
        (STALLED, _("Stalled")),
        (CANCELLED, _("Cancelled")),
    ]
    conditions = {
        SIGNED_ONLY: Q(funds_arrived=0, registered_on__isnull=True,
                       construction_started_on__isnull=True, cancelled_on__isnull=True),
        REGISTERED: Q(registered_on__isnull=False),
        FUNDS: Q(funds_arrived__gt=0),
        CONSTRUCTION: Q(construction_started_on__isnull=False),
        PRODUCTION: Q(production_started_on__isnull=False),
        STALLED: Q(stalled_since__isnull=False),
        CANCELLED: Q(cancelled_on__isnull=False),
    }


@dataclass(frozen=True)
class ProjectFilter:
    region: Region | None = None
    signing_event: Gathering | None = None
    stage: str = ""
    signed_from: datetime.date | None = None
    signed_to: datetime.date | None = None
    search: str = ""


def project_list(user, criteria: ProjectFilter) -> QuerySet[Project]:
    projects = visible(user, Project)
    if criteria.region is not None:
        projects = projects.filter(criteria.region.subtree_q("region_id"))
    if criteria.signing_event is not None:
        projects = projects.filter(signing_event=criteria.signing_event)
    if criteria.stage in StageFilter.conditions:
        projects = projects.filter(StageFilter.conditions[criteria.stage])
    if criteria.signed_from is not None:
        projects = projects.filter(signed_on__gte=criteria.signed_from)
    if criteria.signed_to is not None:
        projects = projects.filter(signed_on__lte=criteria.signed_to)
    words = criteria.search.strip()
    if words:
        projects = projects.filter(Q(name__icontains=words) | Q(investor__icontains=words))
    return (projects.select_related("region__parent", "signing_event", "enterprise", "office")
            .order_by("-signed_on", "-id"))


def project_page(user, criteria: ProjectFilter, number) -> Page:
    return Paginator(project_list(user, criteria), settings.QINSHANG_PAGE_SIZE).get_page(number)


def project_detail(user, pk, *, write: bool = False) -> Project:
    queryset = Project.objects.select_related("region__parent", "signing_event", "enterprise",
                                              "office", "created_by")
    return get_for_user(user, Project, pk, write=write, queryset=queryset)


def project_timeline(project: Project) -> list[ProjectStage]:
    """The project's stages in the order they happened, each with who recorded it."""
    return list(project.stages.select_related("recorded_by").order_by("happened_on", "id"))


# --- what the forms and filters offer ----------------------------------------------------------

def divisions_in_reach(user, *, write: bool = False) -> QuerySet[Region]:
    regions = Region.objects.current().filter(principal_of(user).region_q("code", write=write))
    return regions.select_related("parent").order_by("code")


def signing_events_to_pick(user) -> QuerySet[Gathering]:
    """Trade fairs, forums and delegations the user sees, and those of the offices above
    (a province's trade fair signs projects for its counties)."""
    principal = principal_of(user)
    return (Gathering.objects.filter(kind__in=SIGNING_KINDS)
            .filter(principal.region_q("region_id") | Q(region_id__in=principal.offices_above()))
            .order_by("-held_on", "-id"))


def enterprises_to_pick(user) -> QuerySet[Enterprise]:
    """Enterprises the user may file a project's registration under."""
    return visible(user, Enterprise).filter(
        principal_of(user).region_q("region_id", write=True)).order_by("name", "id")
