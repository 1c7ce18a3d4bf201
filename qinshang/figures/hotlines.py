"""Hotline figures (DESIGN.md §5), defined once for the hotline pages, the ranking and the
exports: from test calls (拨测), per line, office and division.

- The connection rate (接通率) is test calls answered ÷ test calls made. GB/T 33358 asks for at
  least 95%.
- A test call made outside the line's stated hours is recorded but not counted: it neither
  adds to the calls made nor to those answered.
- Seconds to answer and the four scores (1–5) are means over the counted calls answered.
- Each line has a band: hot ≥ 95%, warm 30–95%, cold below 30% and dead at 0% (made, never
  answered); a line with no counted call is untested.
- A round's coverage is the lines with at least one counted test call ÷ the lines it is to call.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from qinshang.access import visible
from qinshang.figures.liaison import child_code
from qinshang.hotlines.models import SCORES, Hotline, TestCall, TestCallRound
from qinshang.regions.models import Region

HOT_FROM = 0.95
WARM_FROM = 0.30


class Band(enum.StrEnum):
    HOT = "hot"
    WARM = "warm"
    COLD = "cold"
    DEAD = "dead"
    UNTESTED = "untested"

    @property
    def label(self) -> str:
        return str(BAND_LABELS[self])


BAND_LABELS = {Band.HOT: _("Hot (≥ 95%)"), Band.WARM: _("Warm (30–95%)"),
               Band.COLD: _("Cold (< 30%)"), Band.DEAD: _("Dead (0%)"),
               Band.UNTESTED: _("Not tested")}


def band_of(made: int, answered: int) -> Band:
    if not made:
        return Band.UNTESTED
    if not answered:
        return Band.DEAD
    rate = answered / made
    if rate >= HOT_FROM:
        return Band.HOT
    return Band.WARM if rate >= WARM_FROM else Band.COLD


@dataclass
class CallCounts:
    made: int = 0
    answered: int = 0
    outside_hours: int = 0
    # Sums over the counted calls answered, for the means (a row's and a roll-up's alike).
    seconds_total: int = 0
    score_totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCORES, 0))

    @property
    def connection_rate(self) -> float | None:
        return self.answered / self.made if self.made else None

    @property
    def mean_seconds(self) -> float | None:
        return self.seconds_total / self.answered if self.answered else None

    def mean_score(self, name: str) -> float | None:
        return self.score_totals[name] / self.answered if self.answered else None

    @property
    def mean_scores(self) -> dict[str, float | None]:
        return {name: self.mean_score(name) for name in SCORES}

    @property
    def mean_overall(self) -> float | None:
        if not self.answered:
            return None
        return sum(self.score_totals.values()) / (self.answered * len(SCORES))

    @property
    def band(self) -> Band:
        return band_of(self.made, self.answered)

    @property
    def meets_standard(self) -> bool | None:
        rate = self.connection_rate
        return None if rate is None else rate >= HOT_FROM

    def add(self, other: CallCounts) -> None:
        self.made += other.made
        self.answered += other.answered
        self.outside_hours += other.outside_hours
        self.seconds_total += other.seconds_total
        for name in SCORES:
            self.score_totals[name] += other.score_totals[name]


def _aggregates() -> dict:
    counted = Q(within_hours=True)
    answered = counted & Q(answered=True)
    return {
        "made": Count("pk", filter=counted),
        "answered_": Count("pk", filter=answered),
        "outside": Count("pk", filter=Q(within_hours=False)),
        "seconds": Sum("seconds_to_answer", filter=answered),
        **{f"score_{name}": Sum(name, filter=answered) for name in SCORES},
    }


def _counts(row: dict) -> CallCounts:
    return CallCounts(
        made=row["made"], answered=row["answered_"], outside_hours=row["outside"],
        seconds_total=row["seconds"] or 0,
        score_totals={name: row[f"score_{name}"] or 0 for name in SCORES})


@dataclass
class LineFigures:
    hotline: Hotline
    counts: CallCounts
    rank: int | None = None


def test_calls_in(user, *, region: Region | None = None, test_round: TestCallRound | None = None,
                  date_from: datetime.date | None = None,
                  date_to: datetime.date | None = None) -> QuerySet[TestCall]:
    calls = visible(user, TestCall)
    if region is not None:
        calls = calls.filter(region.subtree_q("region_id"))
    if test_round is not None:
        calls = calls.filter(round=test_round)
    if date_from is not None:
        calls = calls.filter(called_at__date__gte=date_from)
    if date_to is not None:
        calls = calls.filter(called_at__date__lte=date_to)
    return calls


def line_figures(calls: QuerySet[TestCall], hotlines: QuerySet[Hotline]) -> list[LineFigures]:
    """One row per line of ``hotlines`` (untested ones too), in one GROUP BY over the calls."""
    sums = {row["hotline_id"]: _counts(row)
            for row in calls.order_by().values("hotline_id").annotate(**_aggregates())}
    return [LineFigures(line, sums.get(line.pk, CallCounts()))
            for line in hotlines.select_related("office")]


@dataclass(frozen=True)
class GroupCounts:
    key: tuple
    counts: CallCounts
    last_called_at: datetime.datetime | None


def counts_by(calls: QuerySet[TestCall], *fields: str) -> list[GroupCounts]:
    """The calls' counts grouped by ``fields`` (e.g. per line and round), in one GROUP BY;
    each group with the time of its latest call, counted or not."""
    rows = calls.order_by().values(*fields).annotate(last=Max("called_at"), **_aggregates())
    return [GroupCounts(tuple(row[name] for name in fields), _counts(row), row["last"])
            for row in rows]


def latest_counts(calls: QuerySet[TestCall]) -> dict[int, GroupCounts]:
    """Per line, the counts of its latest round that counted a call (test calls outside any
    round form a group of their own): the one whose latest call is the most recent. A line
    called only outside its hours has no entry."""
    latest: dict[int, GroupCounts] = {}
    for group in counts_by(calls, "hotline_id", "round_id"):
        line = group.key[0]
        if not group.counts.made:
            continue
        if line not in latest or group.last_called_at > latest[line].last_called_at:
            latest[line] = group
    return latest


BAND_ORDER = {Band.HOT: 0, Band.WARM: 1, Band.COLD: 2, Band.DEAD: 3, Band.UNTESTED: 4}


def ranked(rows: list[LineFigures]) -> list[LineFigures]:
    """Best first: the connection rate, then the mean score, then the quicker answer. Untested
    lines come last, unranked."""
    def key(row: LineFigures):
        counts = row.counts
        return (counts.connection_rate is None, -(counts.connection_rate or 0),
                -(counts.mean_overall or 0), counts.mean_seconds or 0, row.hotline.number)

    ordered = sorted(rows, key=key)
    for position, row in enumerate(ordered, start=1):
        row.rank = position if row.counts.made else None
    return ordered


@dataclass
class AreaRow:
    key: str
    name: str
    counts: CallCounts = field(default_factory=CallCounts)
    bands: dict[Band, int] = field(default_factory=lambda: dict.fromkeys(Band, 0))
    region: Region | None = None

    @property
    def lines(self) -> int:
        return sum(self.bands.values())


def _roll_up(rows: Iterable[LineFigures], key, name) -> list[AreaRow]:
    areas: dict[str, AreaRow] = {}
    for row in rows:
        area_key = key(row)
        area = areas.setdefault(area_key, AreaRow(area_key, name(row, area_key)))
        area.counts.add(row.counts)
        area.bands[row.counts.band] += 1
    return list(areas.values())


def by_office(rows: list[LineFigures]) -> list[AreaRow]:
    """One row per answering office, in the order of their divisions (province, cities,
    counties), as the offices list themselves."""
    in_order = sorted(rows, key=lambda row: (row.hotline.office.region_id, row.hotline.office_id))
    return _roll_up(in_order, lambda row: str(row.hotline.office_id),
                    lambda row, _key: row.hotline.office.name)


def by_division(rows: list[LineFigures], root: Region | None) -> list[AreaRow]:
    areas = _roll_up(rows, lambda row: child_code(row.hotline.region_id, root),
                     lambda row, code: code)
    regions = Region.objects.filter(code__in=[area.key for area in areas]).in_bulk()
    for area in areas:
        region = regions.get(area.key)
        area.name = region.name if region else area.key
        area.region = None if root is not None and area.key == root.code else region
    return sorted(areas, key=lambda area: area.key)


def total(rows: Iterable[LineFigures]) -> AreaRow:
    whole = _roll_up(rows, lambda row: "", lambda row, key: "")
    return whole[0] if whole else AreaRow("", "")


@dataclass(frozen=True)
class RoundCoverage:
    lines: int
    lines_called: int    # with at least one counted test call
    calls_outside_hours: int

    @property
    def coverage(self) -> float | None:
        return self.lines_called / self.lines if self.lines else None


def round_coverage(user, test_round: TestCallRound, *,
                   region: Region | None = None) -> RoundCoverage:
    lines = visible(user, Hotline, test_round.hotlines.all())
    calls = test_calls_in(user, test_round=test_round, region=region)
    if region is not None:
        lines = lines.filter(region.subtree_q("region_id"))
    counted = calls.filter(within_hours=True)
    return RoundCoverage(
        lines=lines.count(),
        lines_called=lines.filter(pk__in=counted.values("hotline_id")).count(),
        calls_outside_hours=calls.filter(within_hours=False).count())
