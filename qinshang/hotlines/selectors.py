"""Every read of the hotline pages, already limited to what the user may see: the lines and their
hours, the calls they took, test-call rounds and test calls; and the public directory of the
portal, which shows only what any compatriot may know (lines in service and started)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from qinshang.access import get_for_user, may_place, principal_of, visible
from qinshang.enterprises.models import Enterprise, Person
from qinshang.figures.hotlines import (
    CallCounts,
    GroupCounts,
    LineFigures,
    RoundCoverage,
    counts_by,
    latest_counts,
    line_figures,
    round_coverage,
    test_calls_in,
)
from qinshang.hotlines.models import (
    Call,
    Hotline,
    HotlineStatus,
    OpeningHours,
    TestCall,
    TestCallRound,
    Weekday,
)
from qinshang.offices.models import Office
from qinshang.regions.models import Region

RECENT = 10


# --- how a line's hours read -------------------------------------------------------------------

def _short_day(weekday: int) -> str:
    return [pgettext("short weekday", "Mon"), pgettext("short weekday", "Tue"),
            pgettext("short weekday", "Wed"), pgettext("short weekday", "Thu"),
            pgettext("short weekday", "Fri"), pgettext("short weekday", "Sat"),
            pgettext("short weekday", "Sun")][weekday]


def _stretch(row: OpeningHours) -> str:
    return f"{row.opens:%H:%M}–{row.closes:%H:%M}"


def hours_summary(hotline: Hotline) -> str:
    """"24 hours", or the weekly schedule compactly: days with the same hours in a row are
    joined ("Mon–Fri 09:00–17:00; Sat 09:00–12:00"). Reads the line's prefetched hours."""
    if hotline.always_open:
        return _("24 hours")
    by_day: dict[int, tuple[str, ...]] = {}
    for row in sorted(hotline.hours.all(), key=lambda row: (row.weekday, row.opens)):
        by_day[row.weekday] = (*by_day.get(row.weekday, ()), _stretch(row))
    if not by_day:
        return _("No hours given")
    groups: list[tuple[int, int, tuple[str, ...]]] = []
    for day in sorted(by_day):
        stretches = by_day[day]
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == stretches:
            groups[-1] = (groups[-1][0], day, stretches)
        else:
            groups.append((day, day, stretches))
    parts = []
    for first, last, stretches in groups:
        days = _short_day(first) if first == last else (
            # Translators: a range of weekdays, e.g. 周一至周五
            _("%(first)s–%(last)s") % {"first": _short_day(first), "last": _short_day(last)})
        parts.append(f"{days} {pgettext('between list items', ', ').join(stretches)}")
    return pgettext("between clauses", "; ").join(parts)


def hours_by_day(hotline: Hotline) -> list[tuple[str, list[str]]]:
    """The week, day by day: (weekday name, stretches); an empty list is a closed day."""
    stretches: dict[int, list[str]] = {}
    for row in sorted(hotline.hours.all(), key=lambda row: (row.weekday, row.opens)):
        stretches.setdefault(row.weekday, []).append(_stretch(row))
    return [(str(label), stretches.get(value, [])) for value, label in Weekday.choices]


# --- choices for filters and forms -------------------------------------------------------------

def divisions_in_reach(user) -> QuerySet[Region]:
    """Current divisions (the province included) the user may see, for the filters."""
    return (visible(user, Region, Region.objects.current())
            .select_related("parent").order_by("code"))


def offices_in_reach(user, *, write: bool = False) -> QuerySet[Office]:
    """Offices within the user's jurisdiction (with write=True: where they may write)."""
    return (Office.objects.filter(principal_of(user).region_q("region_id", write=write))
            .select_related("region").order_by("region_id"))


def callers_to_pick(user, hotline: Hotline) -> tuple[QuerySet[Enterprise], QuerySet[Person]]:
    """The enterprises and persons the user sees in the line's division: who is likely to call
    it, and whom the call may be filed under."""
    region = hotline.region
    enterprises = (visible(user, Enterprise).filter(region.subtree_q("region_id"))
                   .order_by("name", "id"))
    persons = visible(user, Person).filter(region.subtree_q("region_id")).order_by("name", "id")
    return enterprises, persons


# --- lines -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HotlineFilter:
    region: Region | None = None
    office: Office | None = None
    status: str = ""


def hotline_list(user, criteria: HotlineFilter) -> QuerySet[Hotline]:
    lines = visible(user, Hotline)
    if criteria.region is not None:
        lines = lines.filter(criteria.region.subtree_q("region_id"))
    if criteria.office is not None:
        lines = lines.filter(office=criteria.office)
    if criteria.status:
        lines = lines.filter(status=criteria.status)
    return (lines.select_related("office", "region__parent").prefetch_related("hours")
            .order_by("region_id", "number", "id"))


@dataclass(frozen=True)
class HotlineRow:
    hotline: Hotline
    latest: GroupCounts | None    # the counts of the line's latest round that counted a call

    @property
    def hours(self) -> str:
        return hours_summary(self.hotline)


def hotline_page(user, criteria: HotlineFilter, number) -> Page:
    page = Paginator(hotline_list(user, criteria), settings.QINSHANG_PAGE_SIZE).get_page(number)
    lines = list(page.object_list)
    latest = latest_counts(visible(user, TestCall).filter(
        hotline_id__in=[line.pk for line in lines]))
    page.object_list = [HotlineRow(line, latest.get(line.pk)) for line in lines]
    return page


def hotline_detail(user, pk, *, write: bool = False) -> Hotline:
    queryset = (Hotline.objects.select_related("office", "region__parent")
                .prefetch_related("hours"))
    return get_for_user(user, Hotline, pk, write=write, queryset=queryset)


@dataclass(frozen=True)
class RoundCounts:
    test_round: TestCallRound | None      # None: test calls made outside any round
    counts: CallCounts
    last_called_at: datetime.datetime | None


@dataclass(frozen=True)
class HotlineOverview:
    hotline: Hotline
    counts: CallCounts                    # every test call of the line the user sees
    rounds: list[RoundCounts]             # latest first
    test_calls: list[TestCall]            # the latest
    calls: list[Call]                     # the latest
    may_write: bool                       # log calls, edit the line, record test calls


def hotline_overview(user, hotline: Hotline, *, may_write: bool) -> HotlineOverview:
    test_calls = visible(user, TestCall).filter(hotline=hotline)
    groups = counts_by(test_calls, "round_id")
    rounds = visible(user, TestCallRound).in_bulk([group.key[0] for group in groups
                                                   if group.key[0] is not None])
    whole = CallCounts()
    for group in groups:
        whole.add(group.counts)
    by_round = sorted((RoundCounts(rounds.get(group.key[0]), group.counts, group.last_called_at)
                       for group in groups if group.key[0] is None or group.key[0] in rounds),
                      key=lambda row: row.last_called_at, reverse=True)
    return HotlineOverview(
        hotline=hotline, counts=whole, rounds=by_round,
        test_calls=list(test_calls.select_related("round", "inspector")
                        .order_by("-called_at", "-id")[:RECENT]),
        calls=list(visible(user, Call).filter(hotline=hotline)
                   .select_related("taken_by", "enterprise", "person", "appeal")
                   .order_by("-received_at", "-id")[:RECENT]),
        may_write=may_write)


# --- calls -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CallFilter:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    hotline: Hotline | None = None
    outcome: str = ""


def call_list(user, criteria: CallFilter) -> QuerySet[Call]:
    calls = visible(user, Call)
    if criteria.date_from is not None:
        calls = calls.filter(received_at__date__gte=criteria.date_from)
    if criteria.date_to is not None:
        calls = calls.filter(received_at__date__lte=criteria.date_to)
    if criteria.hotline is not None:
        calls = calls.filter(hotline=criteria.hotline)
    if criteria.outcome:
        calls = calls.filter(outcome=criteria.outcome)
    return (calls.select_related("hotline__office", "enterprise", "person", "taken_by", "appeal")
            .order_by("-received_at", "-id"))


def page_of(queryset: QuerySet, number) -> Page:
    return Paginator(queryset, settings.QINSHANG_PAGE_SIZE).get_page(number)


def call_detail(user, pk) -> Call:
    queryset = Call.objects.select_related(
        "hotline__office", "region__parent", "enterprise", "person", "taken_by", "recorded_by",
        "appeal__category")
    return get_for_user(user, Call, pk, queryset=queryset)


def lines_to_pick(user) -> QuerySet[Hotline]:
    return visible(user, Hotline).order_by("region_id", "number")


# --- test-call rounds --------------------------------------------------------------------------

@dataclass(frozen=True)
class RoundRow:
    test_round: TestCallRound
    lines: int              # the lines to call that the viewer sees
    lines_called: int       # of those, with at least one counted test call

    @property
    def coverage(self) -> float | None:
        return self.lines_called / self.lines if self.lines else None


def round_page(user, number) -> Page:
    """The rounds the user sees, latest first, each with the viewer's part of its lines and how
    many of them were called (two grouped queries for the whole page)."""
    rounds = (visible(user, TestCallRound).select_related("office", "scope")
              .order_by("-starts_on", "-id"))
    page = page_of(rounds, number)
    shown = list(page.object_list)
    ids = [test_round.pk for test_round in shown]
    lines = dict(visible(user, Hotline).filter(rounds__in=ids).order_by()
                 .values_list("rounds").annotate(total=Count("id")))
    called = dict(visible(user, TestCall).filter(round_id__in=ids, within_hours=True)
                  .order_by().values_list("round_id")
                  .annotate(total=Count("hotline_id", distinct=True)))
    page.object_list = [RoundRow(test_round, lines.get(test_round.pk, 0),
                                 called.get(test_round.pk, 0)) for test_round in shown]
    return page


def round_of(user, pk) -> TestCallRound:
    return get_for_user(user, TestCallRound, pk,
                        queryset=TestCallRound.objects.select_related("office", "scope",
                                                                      "created_by"))


def rounds_to_pick(user) -> QuerySet[TestCallRound]:
    return visible(user, TestCallRound).order_by("-starts_on", "-id")


@dataclass(frozen=True)
class RoundOverview:
    test_round: TestCallRound
    coverage: RoundCoverage
    lines: list[LineFigures]        # the round's lines the viewer sees, with their figures
    may_record: bool                # may record test calls in this round

    @property
    def not_called(self) -> list[LineFigures]:
        return [row for row in self.lines if not row.counts.made]


def round_overview(user, test_round: TestCallRound) -> RoundOverview:
    lines = visible(user, Hotline, test_round.hotlines.all()).order_by("region_id", "number")
    return RoundOverview(
        test_round=test_round, coverage=round_coverage(user, test_round),
        lines=line_figures(test_calls_in(user, test_round=test_round), lines),
        may_record=may_record_in(user, test_round))


def may_record_in(user, test_round: TestCallRound | None, hotline: Hotline | None = None) -> bool:
    """What test_call_record asks: write reach over the round's scope (or, outside a round,
    over the line's division)."""
    if test_round is not None:
        return may_place(user, test_round.scope_id)
    return hotline is not None and may_place(user, hotline.region_id)


@dataclass(frozen=True)
class LineCriteria:
    """Which lines a new round is to call."""

    region: Region
    status: str = HotlineStatus.ACTIVE
    since_from: datetime.date | None = None
    since_to: datetime.date | None = None


def round_candidates(user, criteria: LineCriteria) -> QuerySet[Hotline]:
    lines = visible(user, Hotline).filter(criteria.region.subtree_q("region_id"))
    if criteria.status:
        lines = lines.filter(status=criteria.status)
    if criteria.since_from is not None:
        lines = lines.filter(starts_on__gte=criteria.since_from)
    if criteria.since_to is not None:
        lines = lines.filter(starts_on__lte=criteria.since_to)
    return lines.select_related("office").order_by("region_id", "number")


def test_call_context(user, hotline: Hotline) -> list[TestCall]:
    """The line's latest test calls, shown beside the test-call form."""
    return list(visible(user, TestCall).filter(hotline=hotline)
                .select_related("round", "inspector").order_by("-called_at", "-id")[:5])


# --- the public directory (portal) -------------------------------------------------------------

def public_lines(today: datetime.date) -> QuerySet[Hotline]:
    """What any compatriot may know: the lines in service that have started."""
    return Hotline.objects.filter(status=HotlineStatus.ACTIVE, starts_on__lte=today)


def public_divisions(today: datetime.date) -> list[Region]:
    """The divisions that have public lines and those above them, in code order (two
    queries)."""
    codes = set(public_lines(today).order_by().values_list("region_id", flat=True).distinct())
    wanted = codes | {code[:2] + "0000" for code in codes} | {code[:4] + "00" for code in codes}
    return list(Region.objects.filter(code__in=wanted).select_related("parent")
                .order_by("code"))


def public_directory(today: datetime.date, region: Region | None) -> QuerySet[Hotline]:
    lines = public_lines(today)
    if region is not None:
        lines = lines.filter(region.subtree_q("region_id"))
    return (lines.select_related("office", "region__parent").prefetch_related("hours")
            .order_by("region_id", "number", "id"))
