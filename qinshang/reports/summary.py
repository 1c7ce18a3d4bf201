"""The summary report (总结讲评) of a campaign for a division at a cut-off day, as data: the
sentences, the tables and the chart's series that the docx, the xlsx and the page render.

Every figure comes from ``qinshang.figures.campaigns`` (coverage, appeals_by_category,
phase_counts, team_counts); nothing here counts records itself.

The report is an official document of the offices and is written in Simplified Chinese whatever
the language of the interface, so its words are constants here and not gettext strings.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from qinshang.campaigns.models import Campaign
from qinshang.figures.campaigns import (
    QUOTA_COUNTIES,
    QUOTA_ENTERPRISES,
    QUOTA_SYMPOSIUMS,
    CategoryCount,
    Coverage,
    CoverageCounts,
    CoverageRow,
    PhaseCounts,
    TeamCounts,
    appeals_by_category,
    coverage,
    effective_region,
    phase_counts,
    team_counts,
)
from qinshang.offices.models import Office
from qinshang.regions.models import Region

REPORT_LANGUAGE = "zh-Hans"
DEFAULT_FORM_TITLE = "征求意见表"
TOTAL = "合计"
NO_RATE = "—"


# --- numbers and dates as the offices write them ----------------------------------------------

def percent_text(part: int, whole: int) -> str | None:
    """A rate with one decimal and %, rounded half up as people round (2/3 → 66.7%)."""
    if not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}%"


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cutoff_phrase(cutoff: datetime.date, today: datetime.date) -> str:
    """The cut-off as the offices say it: "2月底" on the last day of a month, "2月15日" on any
    other day; the year goes in front ("2014年2月底") when the cut-off lies in another year than
    the day the report is generated, and only then."""
    last_of_month = (cutoff + datetime.timedelta(days=1)).day == 1
    phrase = f"{cutoff.month}月底" if last_of_month else f"{cutoff.month}月{cutoff.day}日"
    if cutoff.year != today.year:
        phrase = f"{cutoff.year}年{phrase}"
    return phrase


# The word for "the whole division" by the last character of its name: 山东省 → 全省,
# 北京市/济南市/寿光市 → 全市, 广西壮族自治区/历下区 → 全区, 平阴县 → 全县, 延边…自治州 → 全州.
_WHOLE_BY_ENDING = {"省": "全省", "市": "全市", "区": "全区", "县": "全县", "州": "全州",
                    "盟": "全盟", "旗": "全旗"}
_WHOLE_BY_LEVEL = {Region.Level.PROVINCE: "全省", Region.Level.CITY: "全市",
                   Region.Level.COUNTY: "全县"}


def division_word(region: Region) -> str:
    if region.level == Region.Level.CITY and region.name.endswith("地区"):
        return "全地区"
    return _WHOLE_BY_ENDING.get(region.name[-1:], _WHOLE_BY_LEVEL[region.level])


def offices_word(region: Region) -> str:
    """A province's or city's offices are a system (台办系统); a county has one office."""
    return "台办" if region.level == Region.Level.COUNTY else "台办系统"


def summary_sentences(*, region: Region, cutoff: datetime.date, counts: CoverageCounts,
                      form_title: str, today: datetime.date) -> list[str]:
    """The report's opening, written the way the offices write it, e.g. "截至2月底，全省台办系统
    共走访台资企业2100家，走访台商2091人，发放《征求意见表》2165份。" Numbers are arabic digits
    without separators; a part whose count is zero is left out rather than written as 0."""
    opening = f"截至{cutoff_phrase(cutoff, today)}，{division_word(region)}{offices_word(region)}"
    parts = []
    if counts.enterprises_visited:
        parts.append(f"走访台资企业{counts.enterprises_visited}家")
    if counts.people_met:
        parts.append(f"走访台商{counts.people_met}人")
    if counts.distributed:
        parts.append(f"发放《{form_title}》{counts.distributed}份")
        if counts.returned:
            parts.append(f"收回{counts.returned}份")
    if counts.symposiums:
        parts.append(f"召开座谈会{counts.symposiums}场")
    sentences = [f"{opening}共{'，'.join(parts)}。" if parts else f"{opening}尚无走访记录。"]
    if counts.targets:
        sentences.append(f"目标企业{counts.targets}家，"
                         f"走访覆盖率{percent_text(counts.targets_visited, counts.targets)}。")
    if counts.appeals_raised:
        sentences.append(_appeals_sentence(counts.appeals_raised, counts.appeals_resolved))
    return sentences


def _appeals_sentence(raised: int, resolved: int) -> str:
    # In the words of the Jiangxi report: "共收到台商反馈意见161项，其中159项得到及时解决".
    sentence = f"共收到台商反馈意见{raised}项"
    if resolved == raised:
        return f"{sentence}，均已得到及时解决。"
    if not resolved:
        return f"{sentence}，正在办理。"
    return f"{sentence}，其中{resolved}项得到及时解决，尚未解决的{raised - resolved}项正在办理。"


# --- the report as data ------------------------------------------------------------------------

@dataclass(frozen=True)
class Rate:
    """A rate in a table: the writers show it as "60.0%" (docx, page) or as a number formatted
    as a percentage (xlsx); no denominator shows a dash."""

    part: int
    whole: int

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def __str__(self) -> str:
        return percent_text(self.part, self.whole) or NO_RATE


Cell = str | int | Rate


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None

    @property
    def numeric(self) -> tuple[bool, ...]:
        """Which columns hold counts or rates (aligned right); the first never does."""
        return tuple(number > 0 and all(isinstance(row[number], int | Rate) for row in self.rows)
                     for number in range(len(self.headers)))

    @property
    def marked_headers(self) -> tuple[tuple[str, bool], ...]:
        return tuple(zip(self.headers, self.numeric, strict=True))

    @property
    def marked_rows(self) -> tuple[tuple[tuple[Cell, bool], ...], ...]:
        """Each row's cells with whether they are numbers, for the page's template."""
        return tuple(tuple(zip(row, self.numeric, strict=True)) for row in self.rows)

    @property
    def marked_total(self) -> tuple[tuple[Cell, bool], ...] | None:
        return tuple(zip(self.total, self.numeric, strict=True)) if self.total else None


@dataclass(frozen=True)
class ChartSeries:
    """Targets and targets visited per child division: the chart of the report."""

    title: str
    names: tuple[str, ...]
    targets: tuple[int, ...]
    visited: tuple[int, ...]
    target_label: str = "目标企业"
    visited_label: str = "已走访目标企业"


@dataclass(frozen=True)
class SummaryReport:
    campaign: Campaign
    region: Region
    cutoff: datetime.date
    generated_at: datetime.datetime
    title: str
    office: str
    sentences: tuple[str, ...]
    coverage: Coverage
    categories: tuple[CategoryCount, ...]
    divisions: Table
    appeals: Table
    phases: Table | None
    teams: Table | None
    chart: ChartSeries

    @property
    def facts(self) -> tuple[tuple[str, str], ...]:
        return (("活动时间", f"{chinese_date(self.campaign.starts_on)}至"
                             f"{chinese_date(self.campaign.ends_on)}"),
                ("截止日期", chinese_date(self.cutoff)),
                ("生成时间", f"{chinese_date(self.generated_at.date())} "
                             f"{self.generated_at:%H:%M}"),
                ("单位", self.office))

    @property
    def filename_stem(self) -> str:
        """E.g. 2014台资企业走访季-山东省-20140228: the names with anything a file system refuses
        replaced."""
        stem = f"{self.campaign.name}-{division_name(self.region)}-{self.cutoff:%Y%m%d}"
        return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", stem).strip(" .") or "summary"


DIVISION_HEADERS = ("地区", "目标企业（家）", "已走访目标企业（家）", "走访企业（家）",
                    "走访覆盖率", "走访台商（人）", "发放意见表（份）", "收回（份）",
                    "反馈意见（项）", "已解决（项）", "座谈会（场）")
# Columns of DIVISION_HEADERS that the chart draws (0-based).
TARGETS_COLUMN, TARGETS_VISITED_COLUMN = 1, 2
APPEAL_HEADERS = ("类别", "反馈意见（项）", "已解决（项）", "解决率")
PHASE_HEADERS = ("阶段", "起止日期", "走访次数", "走访企业（家）", "已走访目标企业（家）",
                 "走访台商（人）")
TEAM_HEADERS = ("走访组", "负责地区", "单位", "走访次数", "走访企业（家）", "到达县区（个）",
                "座谈会（场）")
QUOTA_WORDS = {QUOTA_SYMPOSIUMS: "座谈会", QUOTA_COUNTIES: "县区", QUOTA_ENTERPRISES: "企业"}


def division_name(region: Region) -> str:
    """A county with its city (济南市历下区), so that it is never ambiguous."""
    if region.level == Region.Level.COUNTY and region.parent_id:
        return f"{region.parent.name}{region.name}"
    return region.name


def _division_cells(name: str, counts: CoverageCounts) -> tuple[Cell, ...]:
    return (name, counts.targets, counts.targets_visited, counts.enterprises_visited,
            Rate(counts.targets_visited, counts.targets), counts.people_met, counts.distributed,
            counts.returned, counts.appeals_raised, counts.appeals_resolved, counts.symposiums)


def division_table(figures: Coverage) -> Table:
    """One row per child division as of the cut-off, and the total; a county, which has no
    children, is its own single row."""
    if not figures.rows:
        return Table("各地走访情况", DIVISION_HEADERS,
                     (_division_cells(figures.region.name, figures.total),))
    return Table("各地走访情况", DIVISION_HEADERS,
                 tuple(_division_cells(_row_name(row), row.counts) for row in figures.rows),
                 total=_division_cells(TOTAL, figures.total))


def _row_name(row: CoverageRow) -> str:
    # What was filed at the division itself, e.g. a symposium the city office held: 市本级.
    if row.own:
        return f"{division_word(row.region)[1:]}本级"
    return row.region.name


def appeal_table(categories: tuple[CategoryCount, ...]) -> Table:
    rows = tuple((item.category.name_zh_hans, item.raised, item.resolved,
                  Rate(item.resolved, item.raised)) for item in categories)
    raised = sum(item.raised for item in categories)
    resolved = sum(item.resolved for item in categories)
    return Table("台商反馈意见分类办理情况", APPEAL_HEADERS, rows,
                 total=(TOTAL, raised, resolved, Rate(resolved, raised)))


def phase_table(phases: list[PhaseCounts]) -> Table | None:
    if not phases:
        return None
    return Table("分阶段走访情况", PHASE_HEADERS, tuple(
        (phase.name, f"{phase.starts_on:%Y-%m-%d}至{phase.ends_on:%Y-%m-%d}", phase.visits,
         phase.enterprises_visited, phase.targets_visited, phase.people_met)
        for phase in phases))


def quota_rule(campaign: Campaign) -> str:
    """The team quotas as the offices name them, e.g. "1+2+6"."""
    needed = (campaign.quota_symposiums, campaign.quota_counties, campaign.quota_enterprises)
    return "+".join(str(value) for value in needed if value is not None)


def quota_verdict(team: TeamCounts) -> str:
    if team.meets_quotas:
        return "达标"
    missing = "、".join(f"{QUOTA_WORDS[key]}{done}/{needed}"
                       for key, needed, done, met in team.quotas if not met)
    return f"未达标（{missing}）"


def team_table(campaign: Campaign, teams: list[TeamCounts]) -> Table | None:
    if not teams:
        return None
    headers = TEAM_HEADERS
    if campaign.has_quotas:
        headers += (f"“{quota_rule(campaign)}”要求",)
    rows = []
    for team in teams:
        cells: tuple[Cell, ...] = (team.team.name, team.team.area.name, team.team.office.name,
                                   team.visits, team.enterprises_visited, team.counties_visited,
                                   team.symposiums)
        if campaign.has_quotas:
            cells += (quota_verdict(team),)
        rows.append(cells)
    return Table("走访组工作情况", headers, tuple(rows))


def chart_series(table: Table) -> ChartSeries:
    return ChartSeries(title="各地目标企业走访情况",
                       names=tuple(str(row[0]) for row in table.rows),
                       targets=tuple(int(row[TARGETS_COLUMN]) for row in table.rows),
                       visited=tuple(int(row[TARGETS_VISITED_COLUMN]) for row in table.rows))


def opinion_form_title(campaign: Campaign) -> str:
    """The title of the form the campaign handed out, for "发放《征求意见表》N份"; the usual
    name when the campaign has several forms or none."""
    titles = {survey.form.title.strip().strip("《》")
              for survey in campaign.surveys.select_related("form")}
    return titles.pop() if len(titles) == 1 else DEFAULT_FORM_TITLE


def reporting_office(campaign: Campaign, region: Region) -> str:
    """The office of the division reported on; else the offices running the campaign."""
    office = Office.objects.filter(region=region).first()
    if office is not None:
        return office.name
    return "、".join(office.name for office in campaign.offices.all())


def build_summary(campaign: Campaign, region: Region | None = None,
                  cutoff: datetime.date | None = None, *,
                  generated_at: datetime.datetime | None = None) -> SummaryReport:
    generated_at = timezone.localtime(generated_at or timezone.now())
    region = effective_region(campaign, region)
    figures = coverage(campaign, region, cutoff)
    categories = tuple(appeals_by_category(campaign, region, figures.cutoff))
    divisions = division_table(figures)
    return SummaryReport(
        campaign=campaign, region=region, cutoff=figures.cutoff, generated_at=generated_at,
        title=f"《{campaign.name}》总结讲评 — {division_name(region)}",
        office=reporting_office(campaign, region),
        sentences=tuple(summary_sentences(region=region, cutoff=figures.cutoff,
                                          counts=figures.total,
                                          form_title=opinion_form_title(campaign),
                                          today=generated_at.date())),
        coverage=figures, categories=categories, divisions=divisions,
        appeals=appeal_table(categories),
        phases=phase_table(phase_counts(campaign, region, figures.cutoff)),
        teams=team_table(campaign, team_counts(campaign, region, figures.cutoff)),
        chart=chart_series(divisions))
