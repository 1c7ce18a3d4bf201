"""Event counts by kind (qinshang.figures.gatherings) on a hand-built set whose figures are known
in advance, for a county, its city and a period; the page and its export say the same."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from qinshang.appeals.models import Category
from qinshang.appeals.services import Problem
from qinshang.figures.gatherings import counts_by_kind, gatherings_in
from qinshang.gatherings import services
from qinshang.gatherings.models import Kind
from qinshang.gatherings.services import RaisedProblem
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import CITY, NEIGHBOUR_COUNTY, OWNER_COUNTY

D = datetime.date


def event(actor, kind, day, attendees, *, county=OWNER_COUNTY, enterprises=(), problems=0):
    office = f.office_at(county)
    category = Category.objects.get(code="other")
    raised = [RaisedProblem(Problem(category, f"问题{n}", ""), enterprise=enterprises[0])
              for n in range(problems)]
    return services.gathering_record(
        actor=actor, enterprises=list(enterprises), persons=[], problems=raised,
        data={"kind": kind, "title": f"{kind}{day}", "held_on": day, "office": office,
              "region": Region.objects.get(code=county), "attendees": attendees})


def project(actor, fair, amount: str):
    return services.gathering_project_record(
        actor=actor, gathering=fair,
        data={"name": f"项目{amount}", "investor": "台商", "investor_origin": "710000",
              "region": Region.objects.get(code=fair.region_id), "industry": "34",
              "contracted_investment": Decimal(amount), "signed_on": fair.held_on,
              "enterprise": None, "notes": ""})


@pytest.fixture
def known(cast, next_year_calendar):
    """In the owner county: 2 symposiums (12 + 8 attendees; the enterprise at both, another
    at one; 3 appeals), one round table (20, the enterprise), one trade fair (300, 2 projects:
    1.5 and 0.25 亿元); in the neighbour county one symposium (5 attendees, 1 appeal); a
    symposium of the owner county in 2025, outside the period."""
    other = f.EnterpriseFactory(region_id=OWNER_COUNTY)
    firm = cast.enterprise
    event(cast.owner, Kind.SYMPOSIUM, D(2026, 3, 2), 12, enterprises=[firm, other], problems=2)
    event(cast.owner, Kind.SYMPOSIUM, D(2026, 4, 9), 8, enterprises=[firm], problems=1)
    event(cast.owner, Kind.ROUND_TABLE, D(2026, 5, 1), 20, enterprises=[firm])
    fair = event(cast.owner, Kind.TRADE_FAIR, D(2026, 5, 20), 300)
    project(cast.owner, fair, "150000000.00")
    project(cast.owner, fair, "25000000.50")
    event(cast.neighbour, Kind.SYMPOSIUM, D(2026, 4, 1), 5, county=NEIGHBOUR_COUNTY,
          enterprises=[cast.foreign_enterprise], problems=1)
    event(cast.owner, Kind.SYMPOSIUM, D(2025, 12, 1), 40, enterprises=[firm])
    return cast


def by_kind(counts):
    return {row.kind: row for row in counts.rows}


def test_counts_by_kind_for_the_county_and_period(known):
    counts = counts_by_kind(gatherings_in(known.city, region=Region.objects.get(code=OWNER_COUNTY),
                                          date_from=D(2026, 1, 1), date_to=D(2026, 12, 31)))
    rows = by_kind(counts)
    symposium = rows[Kind.SYMPOSIUM]
    assert (symposium.events, symposium.attendees, symposium.enterprises, symposium.appeals) == (
        2, 20, 2, 3)
    assert (rows[Kind.ROUND_TABLE].events, rows[Kind.ROUND_TABLE].enterprises) == (1, 1)
    fair = rows[Kind.TRADE_FAIR]
    assert (fair.events, fair.attendees, fair.projects) == (1, 300, 2)
    assert fair.contracted == Decimal("175000000.50")
    assert isinstance(fair.contracted, Decimal)
    assert rows[Kind.TRAINING].events == 0
    total = counts.total
    # The enterprise came to symposiums and the round table: counted once in the total.
    assert (total.events, total.attendees, total.enterprises, total.appeals, total.projects) == (
        4, 340, 2, 3, 2)


def test_the_city_adds_its_counties_and_the_county_sees_only_its_own(known):
    city = Region.objects.get(code=CITY)
    period = {"date_from": D(2026, 1, 1), "date_to": D(2026, 12, 31)}
    assert counts_by_kind(gatherings_in(known.city, region=city, **period)).total.events == 5
    assert counts_by_kind(gatherings_in(known.owner, region=city, **period)).total.events == 4
    assert counts_by_kind(gatherings_in(known.other_city, **period)).total.events == 0
    assert counts_by_kind(gatherings_in(known.city, region=city)).total.events == 6


def test_the_page_and_export_show_the_counts(client, known):
    client.force_login(known.city)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    query = {"region": OWNER_COUNTY, "from": "2026-01-01", "to": "2026-12-31"}
    page = client.get(reverse("figures:gathering_counts"), query).content.decode()
    row = page.split('data-kind="trade_fair"', 1)[1].split("</tr>", 1)[0]
    assert "17,500.00" in row  # 万元
    response = client.get(reverse("figures:gathering_counts_export"), query)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)),
                          read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][1:6] == (4, 340, 2, 3, 2)
    assert Decimal(str(rows[-1][6])) == Decimal("175000000.50")
    bad = client.get(reverse("figures:gathering_counts"), {"from": "2026-05-01",
                                                          "to": "2026-01-01"})
    assert bad.status_code == 200 and "comes before its start" in bad.content.decode()
