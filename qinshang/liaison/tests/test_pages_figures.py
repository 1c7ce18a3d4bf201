"""The compliance page (share of plans kept by division, office and person, with drill-down) and
the quarterly compliance table of an office with its xlsx."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qinshang.figures.liaison import quarter_of
from qinshang.liaison import services
from qinshang.liaison.services import CounterpartChoice
from qinshang.testing import factories as f
from qinshang.testing.cast import NEIGHBOUR_COUNTY, OWNER_COUNTY, build_liaison_cast

D = datetime.date


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def cards(page: str) -> dict[str, str]:
    return dict(re.findall(r'card-label">([^<]+)</span>\s*<span class="card-figure">([^<]+)<',
                           page))


def table_rows(page: str, heading: str) -> list[list[str]]:
    """The rows of the table under an <h2>, each as its cells' text."""
    section = page.split(f"<h2>{heading}</h2>", 1)[1].split("</section>", 1)[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", section, re.S)[1:]:
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return rows


@pytest.fixture
def liaison(cast, next_year_calendar):
    """The cast's two plans of the owner county (the leader's overdue, the owner's kept) and one
    weekly plan of the neighbour county, never kept (overdue)."""
    cast.liaison = build_liaison_cast(cast)
    services.plan_create(actor=cast.neighbour, office=f.office_at(NEIGHBOUR_COUNTY),
                         staff=cast.neighbour,
                         counterpart=CounterpartChoice(enterprise=cast.foreign_enterprise),
                         data={"interval": "weekly", "purpose": "每周联系",
                               "starts_on": timezone.localdate() - datetime.timedelta(days=30)})
    return cast


def test_the_county_sees_its_own_compliance_by_default(client, liaison):
    english(client, liaison.owner)
    page = html(client.get(reverse("figures:liaison_compliance")))
    assert "历下区" in page and 'selected>济南市 历下区' in page
    assert cards(page) == {"Running plans": "2", "Kept": "1", "Overdue": "1",
                           "Not yet due": "0", "Share kept": "50.0%"}
    assert table_rows(page, "By person")[0][0] == str(liaison.reader)  # the lowest share first
    assert "How the figures are counted" in page
    assert "left out of the share" in page


def test_the_city_drills_down_to_the_county(client, liaison):
    english(client, liaison.city)
    url = reverse("figures:liaison_compliance")
    page = html(client.get(url))
    assert cards(page)["Running plans"] == "3"
    assert cards(page)["Share kept"] == "33.3%"
    today = timezone.localdate().isoformat()
    assert f'href="{url}?region={OWNER_COUNTY}&amp;on={today}"' in page
    divisions = {row[0]: row[1:] for row in table_rows(page, "By division")}
    assert divisions["历下区"] == ["2", "1", "1", "0", "50.0%"]
    assert divisions["市中区"] == ["1", "0", "1", "0", "0.0%"]
    assert divisions["Total"] == ["3", "1", "2", "0", "33.3%"]
    offices = {row[0]: row[-1] for row in table_rows(page, "By office")}
    assert offices == {"历下区台办": "50.0%", "市中区台办": "0.0%"}
    # one level down, with the way back up
    page = html(client.get(url, {"region": OWNER_COUNTY}))
    assert cards(page)["Running plans"] == "2"
    assert f'href="{url}?region=370100&amp;on={today}">济南市</a>' in page


def test_a_day_before_the_plans_started_counts_nothing(client, liaison):
    english(client, liaison.city)
    page = html(client.get(reverse("figures:liaison_compliance"), {"on": "2026-01-01"}))
    assert cards(page)["Running plans"] == "0"
    assert "No liaison plan runs in this division on this day." in page


def test_a_division_out_of_reach_is_refused_and_the_default_shown(client, liaison):
    english(client, liaison.neighbour)
    response = client.get(reverse("figures:liaison_compliance"),
                          {"region": OWNER_COUNTY, "on": "not a day"})
    page = html(response)
    assert response.status_code == 200
    assert "Unknown division: choose one in your jurisdiction." in page
    assert "Enter a valid date." in page
    assert cards(page)["Running plans"] == "1"  # the neighbour's own plan only
    assert liaison.enterprise.name not in page


def test_the_compliance_page_costs_few_statements(client, liaison):
    client.force_login(liaison.province)
    client.get(reverse("figures:liaison_compliance"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("figures:liaison_compliance")).status_code == 200
    assert len(captured) <= 12


def test_the_quarterly_table_of_the_users_office(client, liaison):
    english(client, liaison.reader)
    page = html(client.get(reverse("figures:liaison_quarter")))
    year, quarter = quarter_of(timezone.localdate())
    assert f"历下区台办 · {year} Q{quarter}" in page
    assert "The quarter is under way: standing today" in page
    plans = {row[0]: row for row in table_rows(page, "Plans")}
    leader, owner = plans[str(liaison.reader)], plans[str(liaison.owner)]
    assert (leader[2], leader[3], leader[4]) == ("Monthly", "Visit", "0")
    assert re.fullmatch(r"Overdue\s+by \d+ days", leader[-1])
    assert (owner[2], owner[3], owner[4]) == ("Quarterly", "Phone", "1")
    assert owner[-1] == "Kept"
    people = table_rows(page, "By person")
    assert people[-1] == ["Total", "2", "1", "1", "0", "50.0%"]


def test_the_quarterly_table_exports_to_xlsx(client, liaison):
    english(client, liaison.owner)
    response = client.get(reverse("figures:liaison_quarter_export"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    plans, people, _about = workbook.worksheets
    rows = list(plans.iter_rows(values_only=True))
    assert rows[0] == ("Who", "Counterpart", "Name", "How often", "How", "What about",
                       "Contacts in the quarter", "Last contact", "Next due", "Standing")
    by_who = {row[0]: row for row in rows[1:]}
    assert by_who[str(liaison.owner)][6] == 1
    assert by_who[str(liaison.reader)][-1] == "Overdue"
    totals = list(people.iter_rows(values_only=True))[-1]
    assert totals == ("Total", 2, 1, 1, 0, 0.5)


def test_a_quarter_not_begun_and_an_unknown_office_are_refused(client, liaison):
    english(client, liaison.owner)
    year, _quarter = quarter_of(timezone.localdate())
    response = client.get(reverse("figures:liaison_quarter"),
                          {"year": year + 1, "quarter": 1,
                           "office": f.office_at(NEIGHBOUR_COUNTY).pk})
    page = html(response)
    assert response.status_code == 200
    assert "This quarter has not begun yet." in page
    assert "Unknown office: choose one in your jurisdiction." in page
    assert "历下区台办 · " in page  # the defaults shown instead


def test_a_past_quarter_stands_at_its_end(client, liaison):
    office = f.office_at(OWNER_COUNTY)
    services.plan_create(actor=liaison.owner, office=office, staff=liaison.owner,
                         counterpart=CounterpartChoice(person=liaison.person),
                         data={"interval": "monthly", "purpose": "联系台商",
                               "starts_on": D(2026, 1, 1), "ends_on": D(2026, 5, 31)})
    services.contact_record(actor=liaison.owner, staff=liaison.owner,
                            counterpart=CounterpartChoice(person=liaison.person),
                            data={"contacted_on": D(2026, 3, 20), "method": "phone",
                                  "content": "电话联系"})
    english(client, liaison.owner)
    page = html(client.get(reverse("figures:liaison_quarter"),
                           {"office": office.pk, "year": 2026, "quarter": 1}))
    assert "Standing at the quarter's end." in page
    (row,) = table_rows(page, "Plans")
    assert row[1] == "陳志明 person"
    assert (row[4], row[5], row[6], row[7]) == ("1", "2026-03-20", "2026-04-20", "Kept")
