"""Appeal figures (DESIGN.md §5), defined once: the dashboard, the exports and the API all call
these functions. Each figure is one aggregate query with conditional counts, never a loop over
rows, and nothing here knows about requests."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, fields

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from qinshang.access import principal_of, visible
from qinshang.appeals.models import (
    OPEN_STATES,
    SATISFIED_RATINGS,
    Appeal,
    Assignment,
    Category,
    Outcome,
    State,
    overdue_q,
)
from qinshang.offices.models import Department
from qinshang.regions.models import Region

# Code digits that name a province, a city and a county (GB/T 2260 nests by prefix).
PREFIX_LENGTHS = (2, 4, 6)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class AppealFigures:
    """Counts of appeals and the rates read from them. Merged duplicates are never counted."""

    registered: int = 0
    open: int = 0
    answered: int = 0
    resolved: int = 0
    answered_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    overdue: int = 0
    supervised: int = 0
    closed: int = 0
    rejected: int = 0
    # The response rate's parts: contacted within the limit ÷ limit passed or contacted.
    responded_in_time: int = 0
    response_counted: int = 0
    # The mean handling time's parts (summed, so that rows add up to the total exactly).
    handled: int = 0
    handling_days_total: int = 0

    def __add__(self, other: AppealFigures) -> AppealFigures:
        return AppealFigures.summed([self.counts(), other.counts()])

    def counts(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in FIGURE_NAMES)

    @classmethod
    def summed(cls, counts: list[tuple[int, ...]]) -> AppealFigures:
        """The figures of several groups of appeals together (each given by its counts)."""
        return cls(*(sum(column) for column in zip(*counts, strict=True))) if counts else cls()

    @property
    def response_rate(self) -> float | None:
        return _ratio(self.responded_in_time, self.response_counted)

    @property
    def resolution_rate(self) -> float | None:
        return _ratio(self.resolved, self.answered)

    @property
    def satisfaction_rate(self) -> float | None:
        return _ratio(self.satisfied, self.rated)

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.answered_on_time, self.answered)

    @property
    def mean_handling_days(self) -> float | None:
        """Working days from registration to answer, over the answered appeals."""
        return _ratio(self.handling_days_total, self.handled)


FIGURE_NAMES = tuple(field.name for field in fields(AppealFigures))


def _aggregates(now: datetime.datetime) -> dict:
    answered = Q(answered_at__isnull=False)
    return {
        "registered": Count("pk"),
        "open": Count("pk", filter=Q(state__in=OPEN_STATES)),
        "answered": Count("pk", filter=answered),
        "resolved": Count("pk", filter=answered & Q(outcome=Outcome.RESOLVED)),
        "answered_on_time": Count("pk", filter=answered & Q(answered_on_time=True)),
        "rated": Count("pk", filter=Q(rating__isnull=False)),
        "satisfied": Count("pk", filter=Q(rating__in=SATISFIED_RATINGS)),
        "overdue": Count("pk", filter=overdue_q(now)),
        "supervised": Count("pk", filter=Q(supervised=True)),
        "closed": Count("pk", filter=Q(state=State.CLOSED)),
        "rejected": Count("pk", filter=Q(state=State.REJECTED)),
        "responded_in_time": Count("pk", filter=Q(first_contact_at__lte=F("contact_due"))),
        "response_counted": Count("pk", filter=Q(contact_due__lt=now)
                                  | Q(first_contact_at__isnull=False)),
        "handled": Count("handling_days", filter=answered),
        "handling_days_total": Sum("handling_days", filter=answered, default=0),
    }


def _counts_of(row: dict) -> tuple[int, ...]:
    return tuple(row[name] or 0 for name in FIGURE_NAMES)


def _figures_of(row: dict) -> AppealFigures:
    return AppealFigures(*_counts_of(row))


def _counted(appeals: QuerySet[Appeal]) -> QuerySet[Appeal]:
    return appeals.exclude(state=State.MERGED).order_by()


def appeal_figures(appeals: QuerySet[Appeal], *, now: datetime.datetime) -> AppealFigures:
    """The figures of these appeals (already limited by ``visible``), in one query."""
    return _figures_of(_counted(appeals).aggregate(**_aggregates(now)))


# --- which appeals ------------------------------------------------------------------------------

def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def appeals_in(user, *, region: Region | None, date_from: datetime.date | None,
               date_to: datetime.date | None) -> QuerySet[Appeal]:
    """The appeals the user may see, registered in [date_from, date_to] (local days, both
    inclusive) and in the region's subtree (None: the user's whole reach)."""
    appeals = visible(user, Appeal)
    if region is not None:
        appeals = appeals.filter(region.subtree_q("region_id"))
    if date_from is not None:
        appeals = appeals.filter(registered_at__gte=_start_of(date_from))
    if date_to is not None:
        appeals = appeals.filter(
            registered_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    # Picked by id from the (region, registered_at) index alone, then only those rows read:
    # filtered directly, SQLite reads every row of the subtree to test its date (a province's
    # year costs ten times more that way).
    return Appeal.objects.filter(pk__in=appeals.values("pk"))


# --- the user's reach ---------------------------------------------------------------------------

def _shared_prefix(texts: list[str]) -> str:
    """The leading characters every text shares (the first and last in order bound them)."""
    if not texts:
        return ""
    first, last = min(texts), max(texts)
    length = 0
    while length < len(first) and first[length] == last[length]:
        length += 1
    return first[:length]


def _prefix_of_code(code: str) -> str:
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code


def _department_prefixes(user) -> list[str]:
    """Code prefixes of the user's departments, read once per request like the principal."""
    cached = getattr(user, "_qinshang_department_prefixes", None)
    if cached is not None:
        return cached
    ids = sorted(principal_of(user).department_ids)
    prefixes = [_prefix_of_code(code) for code in Department.objects.filter(pk__in=ids)
                .values_list("region_id", flat=True)] if ids else []
    user._qinshang_department_prefixes = prefixes
    return prefixes


def home_prefixes(user) -> list[str]:
    """Code prefixes of the offices and departments the user works for."""
    ranges = principal_of(user).read_ranges
    return [_shared_prefix([low, high]) for low, high in ranges] + _department_prefixes(user)


def reach_root_code(user) -> str | None:
    """The narrowest division holding everything the user works for (None: more than one
    province)."""
    prefixes = home_prefixes(user)
    shared = _shared_prefix(prefixes)
    length = max((n for n in PREFIX_LENGTHS if n <= len(shared)), default=0)
    return shared[:length].ljust(6, "0") if length else None


def department_subtrees_q(user, field: str) -> Q:
    """The divisions below the user's departments (a liaison's appeals come from there)."""
    condition = Q(pk__in=[])
    for prefix in _department_prefixes(user):
        condition |= Q(**{f"{field}__gte": prefix.ljust(6, "0"),
                          f"{field}__lte": prefix.ljust(6, "9")})
    return condition


# --- broken down --------------------------------------------------------------------------------

@dataclass(frozen=True)
class AreaFigures:
    """One row of the table by division; ``code`` None is the total row."""

    code: str | None
    name: str
    figures: AppealFigures
    drillable: bool = False  # a current division below the one shown: it can be opened

    @property
    def is_total(self) -> bool:
        return self.code is None


@dataclass(frozen=True)
class CategoryFigures:
    code: str
    name: str
    figures: AppealFigures
    drillable = False
    is_total = False


def _child_length(root_code: str | None) -> int | None:
    """Digits that name the divisions one level below ``root_code``; None below a county."""
    if root_code is None:
        return 2
    return {2: 4, 4: 6}.get(len(_prefix_of_code(root_code)))


CATEGORY_FIELDS = ("code", "order", "name_zh_hans", "name_zh_hant", "name_en")


@dataclass(frozen=True)
class _Cell:
    area: str | None  # the division's 6-digit code (None: not grouped by division)
    category: Category
    counts: tuple[int, ...]  # in the order of AppealFigures' fields


def _cells(appeals: QuerySet[Appeal], now: datetime.datetime,
           area_length: int | None) -> list[_Cell]:
    """The figures by category, and by division when ``area_length`` code digits are given,
    in one GROUP BY query: the rows, the columns and the total are all sums of these cells,
    so the appeals are read once."""
    columns = [f"category__{name}" for name in CATEGORY_FIELDS]
    query = _counted(appeals)
    if area_length:
        query = query.annotate(area=Substr("region_id", 1, area_length))
        columns.insert(0, "area")
    categories: dict[str, Category] = {}
    cells = []
    for row in query.values(*columns).annotate(**_aggregates(now)):
        code = row["category__code"]
        if code not in categories:
            categories[code] = Category(**{name: row[f"category__{name}"]
                                           for name in CATEGORY_FIELDS})
        area = row["area"].ljust(6, "0") if area_length else None
        cells.append(_Cell(area, categories[code], _counts_of(row)))
    return cells


def _sum_by(cells: list[_Cell], key: Callable[[_Cell], str | None]) -> dict:
    groups: dict = {}
    for cell in cells:
        groups.setdefault(key(cell), []).append(cell.counts)
    return {name: AppealFigures.summed(counts) for name, counts in groups.items()}


def _category_rows(cells: list[_Cell]) -> list[CategoryFigures]:
    categories = {cell.category.code: cell.category for cell in cells}
    sums = _sum_by(cells, lambda cell: cell.category.code)
    return [CategoryFigures(code=category.code, name=category.label, figures=sums[category.code])
            for category in sorted(categories.values(), key=lambda c: (c.order, c.code))]


def _divisions(root_code: str | None, codes: list[str]) -> dict[str, Region]:
    """The division shown, the current ones just below it and those named by ``codes``."""
    wanted = Q(code__in=codes)
    if root_code is not None:
        wanted |= Q(code=root_code) | Q(parent_id=root_code, retired=False, mainland=True)
    return {region.code: region for region in Region.objects.filter(wanted).order_by("code")}


def _area_rows(root_code: str | None, sums: dict[str, AppealFigures],
               divisions: dict[str, Region]) -> list[AreaFigures]:
    rows = []
    for code in sorted({code for code, region in divisions.items()
                        if region.parent_id == root_code and not region.retired
                        and region.mainland} | set(sums)):
        region = divisions.get(code)
        rows.append(AreaFigures(
            code=code, name=region.name if region else code,
            figures=sums.get(code, AppealFigures()),
            drillable=(region is not None and code != root_code and not region.retired
                       and region.mainland)))
    return rows


def _total_row(rows: list[AreaFigures] | list[CategoryFigures]) -> AreaFigures:
    return AreaFigures(code=None, name="",
                       figures=AppealFigures.summed([row.figures.counts() for row in rows]))


def appeal_figures_by_area(user, *, region: Region | None, date_from: datetime.date | None,
                           date_to: datetime.date | None,
                           now: datetime.datetime) -> list[AreaFigures]:
    """The figures for each division one level below ``region`` (None: below the user's
    reach), then the total row; in one GROUP BY query and one for the names. Below a county
    there is one row: the county itself."""
    root_code = region.code if region is not None else reach_root_code(user)
    appeals = appeals_in(user, region=region, date_from=date_from, date_to=date_to)
    sums = _sum_by(_cells(appeals, now, _child_length(root_code) or 6), lambda cell: cell.area)
    rows = _area_rows(root_code, sums, _divisions(root_code, list(sums)))
    return [*rows, _total_row(rows)]


def appeal_figures_by_category(appeals: QuerySet[Appeal], *,
                               now: datetime.datetime) -> list[CategoryFigures]:
    """The figures for each category that has appeals, in the categories' order."""
    return _category_rows(_cells(appeals, now, None))


# --- the dashboard's whole picture --------------------------------------------------------------

@dataclass(frozen=True)
class Breakdown:
    """What the dashboard shows for one division and period."""

    root: Region | None            # the division shown (None: several provinces)
    by_area: bool                  # rows are divisions (else categories: below a county)
    rows: list                     # AreaFigures or CategoryFigures, without the total
    total: AppealFigures
    categories: list[CategoryFigures]


def appeal_breakdown(user, *, region: Region | None, date_from: datetime.date | None,
                     date_to: datetime.date | None, now: datetime.datetime) -> Breakdown:
    """Total, rows by child division (by category below a county) and figures by category,
    from one aggregate query and one for the division names."""
    root_code = region.code if region is not None else reach_root_code(user)
    appeals = appeals_in(user, region=region, date_from=date_from, date_to=date_to)
    length = _child_length(root_code)
    cells = _cells(appeals, now, length)
    categories = _category_rows(cells)
    rows: list = []
    divisions: dict[str, Region] = {}
    if length is not None:
        sums = _sum_by(cells, lambda cell: cell.area)
        divisions = _divisions(root_code, list(sums))
        rows = _area_rows(root_code, sums, divisions)
    elif region is None:
        divisions = _divisions(root_code, [])
    root = region if region is not None else divisions.get(root_code)
    # A county, or a city without counties (东莞, 中山): its figures by category instead.
    by_area = any(row.code != root_code for row in rows)
    if not by_area:
        rows = categories
    return Breakdown(root=root, by_area=by_area, rows=rows, total=_total_row(rows).figures,
                     categories=categories)


# --- the overview's glance ----------------------------------------------------------------------

@dataclass(frozen=True)
class Glance:
    open: int
    overdue: int
    to_assess: int                  # registered, waiting for the office's assessment
    awaiting_department: int | None  # for department liaisons: routed to them, not answered


def appeals_at_a_glance(user, *, now: datetime.datetime) -> Glance:
    principal = principal_of(user)
    counts = {
        "open": Count("pk", filter=Q(state__in=OPEN_STATES)),
        "overdue": Count("pk", filter=overdue_q(now)),
        "to_assess": Count("pk", filter=Q(state=State.REGISTERED)),
    }
    if principal.department_ids:
        routed = Assignment.objects.filter(department_id__in=sorted(principal.department_ids))
        counts["awaiting_department"] = Count("pk", filter=Q(
            state__in=(State.ASSIGNED, State.IN_PROGRESS), pk__in=routed.values("appeal_id")))
    row = visible(user, Appeal).order_by().aggregate(**counts)
    return Glance(open=row["open"], overdue=row["overdue"], to_assess=row["to_assess"],
                  awaiting_department=row.get("awaiting_department"))
