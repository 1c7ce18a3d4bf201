"""Every read of a campaign's opinion survey and its copies, limited to what the user may see: a
county officer sees the survey of a city campaign, but only the copies of their own county."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from qinshang.access import get_for_user, visible, writable
from qinshang.accounts.models import Membership
from qinshang.campaigns.models import (
    Distribution,
    DistributionMethod,
    RaisedAppeal,
    Survey,
    Target,
)
from qinshang.enterprises.models import Affiliation, Person
from qinshang.offices.models import Office
from qinshang.questionnaires.answers import readable_answers
from qinshang.questionnaires.models import FormTemplate, Purpose, Question
from qinshang.regions.models import TAIWAN, Region

# The people of an enterprise who get a copy of their own when forms go "one per person": the
# Taiwan principals (the seed hands the form to every Taiwan business person running it).
PRINCIPAL_RELATIONS = (Affiliation.Relation.CHAIRMAN, Affiliation.Relation.GENERAL_MANAGER,
                       Affiliation.Relation.SHAREHOLDER, Affiliation.Relation.MANAGER)


# --- the survey ----------------------------------------------------------------------------------

def survey_detail(user, pk) -> Survey:
    return get_for_user(user, Survey, pk,
                        queryset=Survey.objects.select_related("campaign__scope", "form"))


def opinion_forms() -> QuerySet[FormTemplate]:
    return FormTemplate.objects.filter(purpose=Purpose.OPINION, active=True).order_by("title")


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.form.questions.all())


@dataclass
class ReturnCounts:
    distributed: int = 0
    returned: int = 0

    @property
    def outstanding(self) -> int:
        return self.distributed - self.returned

    @property
    def return_rate(self) -> float | None:
        """Copies returned ÷ copies distributed (DESIGN.md §5)."""
        return self.returned / self.distributed if self.distributed else None


@dataclass
class SurveyTally:
    total: ReturnCounts = field(default_factory=ReturnCounts)
    by_method: list[tuple[str, ReturnCounts]] = field(default_factory=list)


def survey_tally(user, survey: Survey) -> SurveyTally:
    """Copies distributed and returned in the viewer's part of the scope, by the way they were
    handed out: one aggregate query."""
    rows = {row["method"]: ReturnCounts(row["distributed"], row["returned"]) for row in (
        _copies(user, survey).order_by().values("method")
        .annotate(distributed=Count("id"), returned=Count("id", filter=Q(
            returned_on__isnull=False))))}
    tally = SurveyTally()
    for method, label in DistributionMethod.choices:
        counts = rows.get(method, ReturnCounts())
        tally.by_method.append((str(label), counts))
        tally.total.distributed += counts.distributed
        tally.total.returned += counts.returned
    return tally


def _copies(user, survey: Survey) -> QuerySet[Distribution]:
    return visible(user, Distribution).filter(survey=survey)


# --- the chase list: copies not yet returned -----------------------------------------------------

@dataclass(frozen=True)
class ChaseFilter:
    region: Region | None = None
    method: str = ""


@dataclass(frozen=True)
class ChaseRow:
    copy: Distribution
    days_since: int
    phone: str


def chase_list(user, survey: Survey, criteria: ChaseFilter) -> QuerySet[Distribution]:
    copies = _copies(user, survey).filter(returned_on__isnull=True)
    if criteria.region is not None:
        copies = copies.filter(criteria.region.subtree_q("region_id"))
    if criteria.method:
        copies = copies.filter(method=criteria.method)
    principals = (Affiliation.objects.filter(relation__in=PRINCIPAL_RELATIONS)
                  .exclude(person__phone="").select_related("person")
                  .order_by("relation", "person__name"))
    return (copies.select_related("enterprise__liaison_officer", "person", "region__parent")
            .prefetch_related(Prefetch("enterprise__affiliations", queryset=principals))
            .order_by("region_id", "distributed_on", "enterprise__name", "id"))


def chase_page(user, survey: Survey, criteria: ChaseFilter, number) -> Page:
    page = Paginator(chase_list(user, survey, criteria), settings.QINSHANG_PAGE_SIZE
                     ).get_page(number)
    page.object_list = list(chase_rows(page.object_list))
    return page


def chase_rows(copies: Iterable[Distribution],
               today: datetime.date | None = None) -> Iterator[ChaseRow]:
    today = today or timezone.localdate()
    for copy in copies:
        yield ChaseRow(copy, (today - copy.distributed_on).days, contact_phone(copy))


def contact_phone(copy: Distribution) -> str:
    """Where to call about the copy: the addressee's phone, else a principal's."""
    if copy.person is not None and copy.person.phone:
        return copy.person.phone
    principal = next(iter(copy.enterprise.affiliations.all()), None)
    return principal.person.phone if principal is not None else ""


def chase_divisions(user, survey: Survey) -> QuerySet[Region]:
    """The divisions of the campaign's scope the viewer reads, for the chase list's filter."""
    scope = survey.campaign.scope
    return (visible(user, Region, Region.objects.current().filter(scope.subtree_q("code")))
            .exclude(level=Region.Level.PROVINCE).select_related("parent").order_by("code"))


# --- handing out copies --------------------------------------------------------------------------

def distribution_candidates(user, survey: Survey) -> QuerySet[Target]:
    """The campaign's targets the user may hand a form to (their write reach) that have no copy
    of this survey yet."""
    given = survey.distributions.values("enterprise_id")
    return (writable(user, Target).filter(campaign=survey.campaign)
            .exclude(enterprise_id__in=given)
            .select_related("enterprise", "region__parent")
            .order_by("region_id", "enterprise__name", "id"))


def taiwan_principals(enterprise_ids) -> dict[int, list[Person]]:
    """Each enterprise's Taiwan principals, who get a copy each when forms go one per person."""
    found: dict[int, list[Person]] = {}
    for affiliation in (Affiliation.objects
                        .filter(enterprise_id__in=list(enterprise_ids),
                                relation__in=PRINCIPAL_RELATIONS, person__origin=TAIWAN)
                        .select_related("person").order_by("enterprise_id", "person__name")):
        found.setdefault(affiliation.enterprise_id, []).append(affiliation.person)
    return found


# --- one copy ------------------------------------------------------------------------------------

def distribution_detail(user, pk, *, write: bool = False) -> Distribution:
    return get_for_user(user, Distribution, pk, write=write, queryset=(
        Distribution.objects.select_related(
            "survey__campaign", "survey__form", "enterprise__liaison_officer", "person",
            "region__parent", "recorded_by", "response__entered_by")))


def copy_answers(copy: Distribution) -> list[tuple[Question, str]]:
    if copy.response is None:
        return []
    return readable_answers(copy.survey.form, copy.response.answers)


def raised_from(copy: Distribution) -> QuerySet[RaisedAppeal]:
    """The appeals raised from the copy's opinions: they belong to its enterprise's county, so
    whoever sees the copy sees them."""
    return (RaisedAppeal.objects.filter(distribution=copy)
            .select_related("appeal__category").order_by("appeal__registered_at", "appeal_id"))


def distributing_office(copy: Distribution) -> Office | None:
    """The office to contact about a copy: that of the officer who handed it out, else the
    nearest office above the enterprise (county, city, province)."""
    membership = (Membership.objects.filter(user_id=copy.recorded_by_id, active=True,
                                            office__isnull=False)
                  .select_related("office").order_by("-office__region_id").first())
    if membership is not None:
        return membership.office
    code = copy.region_id
    codes = [code, code[:4] + "00", code[:2] + "0000"]
    return Office.objects.filter(region_id__in=codes).order_by("-region_id").first()
