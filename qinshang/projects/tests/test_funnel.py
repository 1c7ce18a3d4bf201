"""The funnel on a hand-built set whose figures are known in advance: by count and by amount,
partial arrivals added up, a cancelled project left out of every rate and counted apart; by
division, by event, for the whole and for a county; the page and its export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qinshang.figures.projects import FunnelQuery, funnel_counts, percent, project_funnel
from qinshang.gatherings.models import Gathering, Kind
from qinshang.offices.models import Office
from qinshang.projects.models import StageKind
from qinshang.projects.tests.helpers import SIGNED, day, new_project, stage
from qinshang.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def funnel_set(cast):
    """Four projects in 历下区 (one cancelled) and one in 市中区, in yuan:
    A 10,000,000: funds 3,000,000 + 2,000,000, construction, production (at the fair)
    B  3,000,000: funds 1,000,000, construction (at the fair)
    C  6,000,000: nothing
    D  4,000,000: funds 2,000,000, construction, then cancelled (at the fair)
    E  2,000,000 (市中区, filed by the city): funds 2,000,000, construction, production."""
    fair = Gathering.objects.create(kind=Kind.TRADE_FAIR, title="鲁台经贸洽谈会",
                                    office=Office.objects.get(region_id="370102"),
                                    region_id="370102", held_on=SIGNED)
    owner = cast.owner
    a = new_project(owner, name="A", contracted_investment=Decimal("10000000"),
                    signing_event=fair)
    stage(owner, a, StageKind.FUNDS, day(4), "3000000")
    stage(owner, a, StageKind.FUNDS, day(5), "2000000")
    stage(owner, a, StageKind.CONSTRUCTION, day(5))
    stage(owner, a, StageKind.PRODUCTION, day(9))
    b = new_project(owner, name="B", contracted_investment=Decimal("3000000"),
                    signing_event=fair)
    stage(owner, b, StageKind.FUNDS, day(6), "1000000")
    stage(owner, b, StageKind.CONSTRUCTION, day(7))
    new_project(owner, name="C", contracted_investment=Decimal("6000000"))
    d = new_project(owner, name="D", contracted_investment=Decimal("4000000"),
                    signing_event=fair)
    stage(owner, d, StageKind.FUNDS, day(4), "2000000")
    stage(owner, d, StageKind.CONSTRUCTION, day(5))
    stage(owner, d, StageKind.CANCELLED, day(8))
    e = new_project(cast.city, name="E", contracted_investment=Decimal("2000000"),
                    region=Region.objects.get(code="370103"))
    stage(cast.city, e, StageKind.FUNDS, day(4), "2000000")
    stage(cast.city, e, StageKind.CONSTRUCTION, day(5))
    stage(cast.city, e, StageKind.PRODUCTION, day(6))
    cast.fair = fair
    return cast


def test_percent_is_a_decimal_with_two_places_half_up():
    assert percent(8, 21) == Decimal("38.10")
    assert percent(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(5, 0) is None


def test_the_city_funnel_by_count_and_by_amount(funnel_set):
    jinan = Region.objects.get(code="370100")
    counts = project_funnel(funnel_set.city, FunnelQuery(region=jinan)).total

    assert (counts.signed, counts.signed_amount) == (5, Decimal("25000000"))
    assert (counts.cancelled, counts.cancelled_amount) == (1, Decimal("4000000"))
    assert counts.counted == 4
    # The partial arrivals of A add up; D's arrival left out with D.
    assert (counts.contracted, counts.arrived) == (Decimal("21000000"), Decimal("8000000"))
    assert counts.funds_rate == Decimal("38.10")                       # 8 / 21
    assert (counts.constructing, counts.constructing_amount) == (3, Decimal("15000000"))
    assert counts.construction_rate == Decimal("75.00")                # 3 / 4
    assert counts.construction_rate_by_amount == Decimal("71.43")      # 15 / 21
    assert (counts.producing, counts.producing_amount) == (2, Decimal("12000000"))
    assert counts.production_rate == Decimal("50.00")                  # 2 / 4
    assert counts.production_rate_by_amount == Decimal("57.14")        # 12 / 21
    assert all(isinstance(value, Decimal) for value in (
        counts.contracted, counts.arrived, counts.funds_rate))


def test_a_cancelled_project_leaves_every_rate(funnel_set):
    """Without D the rates are the same: D counts only on its own line."""
    from qinshang.projects.models import Project

    with_d = funnel_counts(funnel_set.city, FunnelQuery())
    Project.objects.filter(name="D").delete()
    without_d = funnel_counts(funnel_set.city, FunnelQuery())
    for name in ("funds_rate", "construction_rate", "construction_rate_by_amount",
                 "production_rate", "production_rate_by_amount", "counted", "contracted"):
        assert getattr(with_d, name) == getattr(without_d, name), name
    assert (with_d.cancelled, without_d.cancelled) == (1, 0)


def test_the_county_sees_its_own_projects_only(funnel_set):
    counts = funnel_counts(funnel_set.owner, FunnelQuery())
    assert (counts.signed, counts.counted) == (4, 3)
    assert counts.funds_rate == Decimal("31.58")                       # 6 / 19
    assert (counts.construction_rate, counts.construction_rate_by_amount) == (
        Decimal("66.67"), Decimal("68.42"))                            # 2/3, 13/19
    assert (counts.production_rate, counts.production_rate_by_amount) == (
        Decimal("33.33"), Decimal("52.63"))                            # 1/3, 10/19
    assert funnel_counts(funnel_set.other_city, FunnelQuery()).signed == 0


def test_by_division_and_by_event(funnel_set):
    funnel = project_funnel(funnel_set.city, FunnelQuery(region=Region.objects.get(
        code="370100")))
    by_code = {row.key: row.counts for row in funnel.divisions}
    assert set(by_code) == {"370102", "370103"}
    assert by_code["370103"].funds_rate == Decimal("100.00")
    assert by_code["370102"].funds_rate == Decimal("31.58")
    events = {row.name: row.counts for row in funnel.events}
    fair = events["2025-03-01 鲁台经贸洽谈会"]
    assert (fair.signed, fair.cancelled, fair.contracted, fair.arrived) == (
        3, 1, Decimal("13000000"), Decimal("6000000"))
    assert events[""].signed == 2
    at_fair = funnel_counts(funnel_set.city, FunnelQuery(signing_event=funnel_set.fair))
    assert at_fair.funds_rate == Decimal("46.15")                      # 6 / 13


def test_the_period_of_signing_filters(funnel_set):
    assert funnel_counts(funnel_set.city, FunnelQuery(signed_from=day(3, 2))).signed == 0
    assert funnel_counts(funnel_set.city, FunnelQuery(signed_to=day(3, 1))).signed == 5


def test_the_funnel_page_and_export(client, funnel_set):
    client.force_login(funnel_set.city)
    response = client.get(reverse("figures:project_funnel"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "38.10%" in page and "71.43%" in page and "57.14%" in page
    assert "project-funnel-chart" in page and "市中区" in page
    export = client.get(reverse("figures:project_funnel_export"))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    total = values[-1]
    assert total[1:5] == (5, 1, 4000000, 4)
    assert float(total[7]) == pytest.approx(38.10)


def test_a_bad_filter_is_reported_and_left_out(client, funnel_set):
    client.force_login(funnel_set.city)
    response = client.get(reverse("figures:project_funnel"),
                          {"region": "370700", "from": "2025-05-01", "to": "2025-01-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="filter has-error"' in page


def test_the_page_needs_few_queries(client, funnel_set, django_assert_max_num_queries):
    client.force_login(funnel_set.city)
    with django_assert_max_num_queries(12):
        client.get(reverse("figures:project_funnel"))
