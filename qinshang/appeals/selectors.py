"""Every read of appeals, already limited to what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from qinshang.access import get_for_user, principal_of, visible
from qinshang.appeals.models import (
    OPEN_STATES,
    UNANSWERED_STATES,
    UNSATISFIED_UP_TO,
    Appeal,
    Assignment,
    Category,
    Extension,
    TimeLimits,
)
from qinshang.appeals.workflow import Action, Standing, allowed_actions, standings
from qinshang.enterprises.models import Enterprise, Person
from qinshang.events.models import Event
from qinshang.events.services import timeline_key
from qinshang.offices.models import Department
from qinshang.regions.models import Region
from qinshang.search.query import matching
from qinshang.text import fold, similarity

DUPLICATE_WINDOW = datetime.timedelta(days=90)
DUPLICATE_THRESHOLD = 0.3

# What the appellant sees of an appeal's history in the portal: the steps, never the internal
# tracking notes or extension talk between the office and the departments.
PUBLIC_VERBS = ("appeal.registered", "appeal.assessed", "appeal.assigned", "appeal.answered",
                "appeal.rated", "appeal.reopened", "appeal.closed", "appeal.rejected",
                "appeal.commented", "appeal.merged")


@dataclass(frozen=True)
class AppealFilter:
    state: str = ""
    overdue: bool = False
    supervised: bool = False
    category: Category | None = None
    kind: str = ""
    region: Region | None = None
    department: Department | None = None
    channel: str = ""
    priority: str = ""
    registered_from: datetime.date | None = None
    registered_to: datetime.date | None = None
    text: str = ""


def appeal_list(user, criteria: AppealFilter) -> QuerySet[Appeal]:
    """Every appeal the filters select, with what a row of the inbox or the export shows."""
    return _with_row_details(_filtered(user, criteria))


def appeal_page(user, criteria: AppealFilter, number) -> Page:
    """One page of the inbox. The page's ids come first from the (region, registered_at) index
    alone, and only those rows are then read with their joins: sorting a province's whole
    history with its joins took half a second at a million appeals."""
    ids = _filtered(user, criteria).values_list("pk", flat=True)
    page = Paginator(ids, settings.QINSHANG_PAGE_SIZE).get_page(number)
    chosen = list(page.object_list)
    rows = {appeal.pk: appeal for appeal in _with_row_details(Appeal.objects.filter(pk__in=chosen))}
    page.object_list = [rows[pk] for pk in chosen if pk in rows]
    return page


def _filtered(user, criteria: AppealFilter) -> QuerySet[Appeal]:
    appeals = visible(user, Appeal)
    if criteria.state:
        appeals = appeals.filter(state=criteria.state)
    if criteria.overdue:
        appeals = appeals.overdue()
    if criteria.supervised:
        appeals = appeals.filter(supervised=True)
    if criteria.category is not None:
        appeals = appeals.filter(category=criteria.category)
    for name in ("kind", "channel", "priority"):
        if getattr(criteria, name):
            appeals = appeals.filter(**{name: getattr(criteria, name)})
    if criteria.region is not None:
        appeals = appeals.filter(criteria.region.subtree_q("region_id"))
    if criteria.department is not None:
        appeals = appeals.filter(pk__in=Assignment.objects.filter(
            department=criteria.department).values("appeal_id"))
    if criteria.registered_from:
        appeals = appeals.filter(registered_at__gte=_start_of(criteria.registered_from))
    if criteria.registered_to:
        appeals = appeals.filter(
            registered_at__lt=_start_of(criteria.registered_to + datetime.timedelta(days=1)))
    appeals = matching(appeals, criteria.text)
    return appeals.order_by("-registered_at", "-id")


def _with_row_details(appeals: QuerySet[Appeal]) -> QuerySet[Appeal]:
    return (appeals.select_related("category", "enterprise", "person", "region__parent",
                                   "office")
            .prefetch_related(Prefetch("assignments",
                                       queryset=Assignment.objects.select_related("department")))
            .order_by("-registered_at", "-id"))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _detail_queryset() -> QuerySet[Appeal]:
    return (Appeal.objects
            .select_related("category", "enterprise__region", "person", "region__parent__parent",
                            "office", "supervised_by", "merged_into", "submitted_by")
            .prefetch_related(
                Prefetch("assignments", queryset=Assignment.objects.select_related("department")),
                Prefetch("extensions", queryset=Extension.objects.select_related(
                    "requested_by", "decided_by")),
                "attachments", "merged_duplicates"))


def appeal_detail(user, pk) -> Appeal:
    return get_for_user(user, Appeal, pk, queryset=_detail_queryset())


@dataclass(frozen=True)
class AppealView:
    """An appeal as one viewer stands to it: what they may do next."""

    appeal: Appeal
    standings: frozenset[Standing]
    actions: frozenset[Action]
    department_ids: frozenset[int] = frozenset()

    def may(self, action: str) -> bool:
        return Action(action) in self.actions

    def worth_offering(self, action: str, now: datetime.datetime) -> bool:
        """Allowed by the table and not refused by a detail the page already knows (the
        services check the same details again)."""
        return self.may(action) and not self._moot(Action(action), now)

    def _moot(self, action: Action, now: datetime.datetime) -> bool:
        appeal = self.appeal
        pending = any(extension.pending for extension in appeal.extensions.all())
        past = lambda due: due is not None and due < now  # noqa: E731
        match action:
            case Action.CONTACT:
                return appeal.first_contact_at is not None
            case Action.ACCEPT:
                return not any(a.department_id in self.department_ids and a.accepted_at is None
                               for a in appeal.assignments.all())
            case Action.REQUEST_EXTENSION:
                return pending or past(appeal.answer_due)
            case Action.DECIDE_EXTENSION:
                return not pending
            case Action.RETURN:
                return past(appeal.return_due)
            case Action.REOPEN:
                return (appeal.rating is None or appeal.rating > UNSATISFIED_UP_TO
                        or appeal.reopen_count >= TimeLimits.of(appeal.office).reopen_limit)
            case Action.SUPERVISE:
                return appeal.supervised
        return False


def appeal_view(user, appeal: Appeal) -> AppealView:
    held = standings(user, appeal)
    return AppealView(appeal, held, allowed_actions(appeal, held),
                      principal_of(user).department_ids)


def appeal_timeline(appeal: Appeal, *, public: bool = False) -> QuerySet[Event]:
    """The appeal's events, with those of the duplicates merged into it."""
    keys = [timeline_key(appeal)] + [timeline_key(d) for d in appeal.merged_duplicates.all()]
    events = Event.objects.filter(timeline__in=keys).select_related("actor")
    if public:
        events = events.filter(verb__in=PUBLIC_VERBS)
    return events.order_by("-at", "-id")[:300]


def likely_duplicates(user, appeal: Appeal) -> list[tuple[Appeal, float]]:
    """Open appeals of the same enterprise (or person) from the last 90 days whose text is close
    to this one's, closest first."""
    if appeal.state not in UNANSWERED_STATES:
        return []
    party = (Q(enterprise_id=appeal.enterprise_id) if appeal.enterprise_id
             else Q(person_id=appeal.person_id, enterprise__isnull=True))
    candidates = (visible(user, Appeal).filter(party, state__in=OPEN_STATES,
                                               registered_at__gte=appeal.registered_at
                                               - DUPLICATE_WINDOW)
                  .exclude(pk=appeal.pk).select_related("category")
                  .only("title", "description", "state", "registered_at", "category",
                        "enterprise_id", "person_id", "search_text"))
    text = appeal.search_text or fold(f"{appeal.title} {appeal.description}")
    scored = [(other, similarity(text, other.search_text)) for other in candidates[:200]]
    return sorted(((other, score) for other, score in scored if score >= DUPLICATE_THRESHOLD),
                  key=lambda pair: -pair[1])


def appeals_of_enterprise(user, enterprise: Enterprise, *, limit: int = 20) -> QuerySet[Appeal]:
    return (visible(user, Appeal).filter(enterprise=enterprise)
            .select_related("category").order_by("-registered_at", "-id")[:limit])


def categories_active() -> QuerySet[Category]:
    return Category.objects.filter(active=True)


def departments_for_appeal(appeal: Appeal) -> QuerySet[Department]:
    """Departments of the appeal's county, city and province: where it can be routed."""
    code = appeal.region_id
    return (Department.objects.filter(region_id__in={code, code[:4] + "00", code[:2] + "0000"})
            .select_related("region").order_by("-region_id", "sector"))


def departments_in_reach(user) -> QuerySet[Department]:
    """Departments a filter may name: those in the user's jurisdiction, or their own."""
    principal = principal_of(user)
    return (Department.objects.filter(principal.region_q("region_id")
                                      | Q(pk__in=sorted(principal.department_ids)))
            .select_related("region").order_by("region_id", "sector"))


def appellant_parties(user) -> tuple[QuerySet[Enterprise], QuerySet[Person]]:
    """The enterprises and the person a portal user may file appeals for: their own only."""
    principal = principal_of(user)
    enterprises = visible(user, Enterprise).filter(pk__in=sorted(principal.enterprise_ids))
    # The principal's own person ids: a compatriot reaches their own record and no other.
    persons = Person.objects.filter(pk__in=sorted(principal.person_ids))
    return enterprises.order_by("name"), persons.order_by("name")
