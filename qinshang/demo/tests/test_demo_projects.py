"""The demo investment projects: the seed figures through the figures module (seed 002: 274
projects of three years of the 鲁台经贸洽谈会 at funds-arrival 53.80%, construction start 56.07%,
production 43.36% by amount; seed 003: 10 projects worth 46.33亿元 at one forum)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from qinshang.accounts.models import User
from qinshang.core.money import in_yi
from qinshang.demo import project_texts as texts
from qinshang.figures.projects import FunnelCounts, FunnelQuery, funnel_counts
from qinshang.gatherings.models import Gathering
from qinshang.projects.models import Project, ProjectStage, StageKind

pytestmark = pytest.mark.django_db


def sheng() -> User:
    return User.objects.get(username="sheng")


def test_three_years_of_the_trade_fair_give_the_seed_figures(demo):
    editions = list(Gathering.objects.filter(
        title__in=[title for title, _day in texts.FAIR_EDITIONS]).order_by("held_on"))
    assert [edition.kind for edition in editions] == ["trade_fair"] * 3
    counts = FunnelCounts()
    for edition in editions:
        counts.add(funnel_counts(sheng(), FunnelQuery(signing_event=edition)))
    assert (counts.signed, counts.cancelled) == (274, 0)
    assert counts.funds_rate == Decimal("53.80")
    assert counts.construction_rate_by_amount == Decimal("56.07")
    assert counts.production_rate_by_amount == Decimal("43.36")
    # By count, near: 154 and 119 of 274.
    assert (counts.constructing, counts.producing) == (154, 119)
    assert (counts.construction_rate, counts.production_rate) == (Decimal("56.20"),
                                                                  Decimal("43.43"))


def test_the_period_of_the_three_fairs_shows_the_same_on_the_funnel_page(demo, client):
    query = FunnelQuery(signed_from=datetime.date(2023, 7, 1),
                        signed_to=datetime.date(2025, 12, 31))
    counts = funnel_counts(sheng(), query)
    assert (counts.signed, counts.funds_rate) == (274, Decimal("53.80"))
    client.force_login(sheng())
    page = client.get("/figures/projects/", {"from": "2023-07-01", "to": "2025-12-31"})
    text = page.content.decode()
    assert "53.80%" in text and "56.07%" in text and "43.36%" in text


def test_the_forum_signed_ten_projects_worth_46_33_yi(demo):
    forum = Gathering.objects.get(title=texts.FORUM_TITLE)
    counts = funnel_counts(sheng(), FunnelQuery(signing_event=forum))
    assert counts.signed == 10
    assert counts.signed_amount == Decimal("4633000000")
    assert in_yi(counts.signed_amount) == "46.33"
    assert all(code.startswith("3701") for code in
               Project.objects.filter(signing_event=forum).values_list("region_id", flat=True))


def test_the_stages_agree_with_the_projects(demo):
    for project in Project.objects.prefetch_related("stages")[:400]:
        stages = list(project.stages.all())
        arrived = sum((s.amount for s in stages if s.kind == StageKind.FUNDS), Decimal("0"))
        assert arrived == project.funds_arrived
        assert all(project.signed_on <= s.happened_on <= datetime.date(2026, 11, 20)
                   for s in stages)
    assert ProjectStage.objects.filter(kind=StageKind.STALLED).exists()
    assert Project.objects.filter(cancelled_on__isnull=False).count() == 2
