"""The event pages: the list with its filters and export, recording an event (with problems
raised as appeals), editing it, recording outcomes from its page (appeals raised, projects
signed), and bad input refused beside its field with nothing written."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qinshang.appeals.models import Appeal, Category, Channel
from qinshang.gatherings import services
from qinshang.gatherings.models import Gathering, Kind
from qinshang.projects.models import Project
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import OWNER_COUNTY

MARKUP = '<script>alert("x")</script>'
BUDGET = 12
PROBLEMS_EMPTY = {"problems-TOTAL_FORMS": "3", "problems-INITIAL_FORMS": "0",
                  "problems-MIN_NUM_FORMS": "0", "problems-MAX_NUM_FORMS": "20"}


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def field_errors(response, name: str) -> list[str]:
    for block in html(response).split('<div class="field')[1:]:
        if f'id="id_{name}"' in block:
            return re.findall(r'<p class="error" role="alert">([^<]+)</p>', block)
    return []


def workbook_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
                .iter_rows(values_only=True))


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def event_data(cast, **changes) -> dict:
    data = {"kind": "symposium", "title": "台商座谈会", "held_on": yesterday().isoformat(),
            "ends_on": "", "office": str(f.office_at(OWNER_COUNTY).pk), "region": OWNER_COUNTY,
            "place": "区台办", "campaign": "", "team": "", "attendees": "8",
            "enterprises": [str(cast.enterprise.pk)], "persons": [str(cast.person.pk)],
            "summary": "", **PROBLEMS_EMPTY}
    data.update(changes)
    return data


def a_symposium(cast, **changes) -> Gathering:
    data = {"kind": Kind.SYMPOSIUM, "title": "历下区台商座谈会", "held_on": yesterday(),
            "office": f.office_at(OWNER_COUNTY), "region": Region.objects.get(code=OWNER_COUNTY),
            "attendees": 10, **changes}
    return services.gathering_record(actor=cast.owner, data=data,
                                     enterprises=[cast.enterprise], persons=[cast.person])


@pytest.fixture
def pages(cast, next_year_calendar):
    return cast


def test_recording_an_event_with_a_problem_registers_the_appeal(client, pages):
    cast = pages
    category = Category.objects.get(code="labour")
    response = english(client, cast.owner).post(reverse("gatherings:create"), event_data(
        cast, **{"problems-0-party": cast.enterprise.credit_code,
                 "problems-0-category": str(category.pk), "problems-0-kind": "opinion",
                 "problems-0-title": "招工难", "problems-0-description": "希望协助招工"}))

    gathering = Gathering.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("gatherings:detail", args=[gathering.pk])
    (appeal,) = gathering.appeals.all()
    assert (appeal.channel, appeal.enterprise) == (Channel.SYMPOSIUM, cast.enterprise)
    page = html(client.get(response["Location"]))
    assert reverse("appeals:detail", args=[appeal.pk]) in page
    assert cast.enterprise.name in page and cast.person.name in page


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"ends_on": "2020-01-01"}, "ends_on", "before the start"),
    ({"attendees": "0"}, "attendees", "smaller than the 1 persons"),
    ({"attendees": "-3"}, "attendees", "greater than or equal to 0"),
    ({"held_on": "2026-02-30"}, "held_on", "valid date"),
    ({"enterprises": ["999999"]}, "enterprises", "Choose one of the list"),
    ({"persons": ["abc"]}, "persons", "Choose one of the list"),
    ({"enterprises": [str(n) for n in range(1, 502)]}, "enterprises", "At most 500."),
    ({"region": "370703"}, "region", "Unknown division"),
])
def test_bad_input_is_refused_beside_its_field(client, pages, changes, field, message):
    cast = pages
    response = english(client, cast.owner).post(reverse("gatherings:create"),
                                                event_data(cast, **changes))
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, field)), \
        field_errors(response, field)
    assert not Gathering.objects.exists()


def test_the_neighbours_enterprise_is_not_found(client, pages):
    cast = pages
    response = english(client, cast.owner).post(reverse("gatherings:create"), event_data(
        cast, enterprises=[str(cast.foreign_enterprise.pk)]))
    assert response.status_code == 400
    assert field_errors(response, "enterprises")
    assert not Gathering.objects.exists()


def test_a_problem_of_a_future_event_is_refused_and_nothing_written(client, pages):
    cast = pages
    category = Category.objects.get(code="labour")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = english(client, cast.owner).post(reverse("gatherings:create"), event_data(
        cast, held_on=tomorrow, **{"problems-0-category": str(category.pk),
                                   "problems-0-title": "招工难",
                                   "problems-0-party": cast.person.name}))
    assert response.status_code == 400
    assert "not been held yet" in html(response)
    assert not Gathering.objects.exists() and not Appeal.objects.exists()


def test_markup_is_shown_as_text(client, pages):
    cast = pages
    english(client, cast.owner).post(reverse("gatherings:create"),
                                     event_data(cast, title=MARKUP, summary=MARKUP))
    gathering = Gathering.objects.get()
    page = html(client.get(reverse("gatherings:detail", args=[gathering.pk])))
    assert MARKUP not in page and "&lt;script&gt;" in page


def test_editing_is_version_checked(client, pages):
    cast = pages
    gathering = a_symposium(cast)
    client = english(client, cast.owner)
    url = reverse("gatherings:edit", args=[gathering.pk])
    form = client.get(url)
    assert cast.enterprise.credit_code in html(form)
    data = event_data(cast, title="改名后的座谈会", version="1", attendees="15")
    assert client.post(url, data).status_code == 302
    gathering.refresh_from_db()
    assert (gathering.title, gathering.attendees, gathering.version) == ("改名后的座谈会", 15, 2)
    stale = client.post(url, event_data(cast, title="第二次修改", version="1"))
    assert stale.status_code == 409
    gathering.refresh_from_db()
    assert gathering.title == "改名后的座谈会"


def test_appeals_raised_from_the_event_page(client, pages):
    cast = pages
    gathering = a_symposium(cast)
    category = Category.objects.get(code="schooling")
    client = english(client, cast.owner)
    url = reverse("gatherings:appeals", args=[gathering.pk])
    assert cast.person.name in html(client.get(url))
    response = client.post(url, {**PROBLEMS_EMPTY, "problems-0-party": f"person:{cast.person.pk}",
                                 "problems-0-category": str(category.pk),
                                 "problems-0-kind": "opinion", "problems-0-title": "子女入学",
                                 "problems-0-description": ""})
    assert response.status_code == 302
    (appeal,) = gathering.appeals.all()
    assert (appeal.channel, appeal.person) == (Channel.SYMPOSIUM, cast.person)
    # Nobody named: refused, nothing more written.
    refused = client.post(url, {**PROBLEMS_EMPTY, "problems-0-party": "",
                                "problems-0-category": str(category.pk),
                                "problems-0-title": "再提一个"})
    assert refused.status_code == 400
    assert Appeal.objects.count() == 1


def test_a_project_signed_at_a_fair_from_its_page(client, pages):
    cast = pages
    fair = a_symposium(cast, kind=Kind.TRADE_FAIR, title="历下区台商投资洽谈会")
    client = english(client, cast.owner)
    url = reverse("gatherings:project", args=[fair.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "name": "精密机械扩产项目", "investor": "台湾精机股份有限公司",
        "investor_origin": "710000", "region": OWNER_COUNTY, "industry": "34",
        "contracted_investment": "463,300,000.00", "signed_on": yesterday().isoformat(),
        "enterprise": "", "notes": ""})
    assert response.status_code == 302, field_errors(response, "name")
    project = Project.objects.get()
    assert project.signing_event == fair
    assert project.contracted_investment == Decimal("463300000.00")
    page = html(client.get(reverse("gatherings:detail", args=[fair.pk])))
    assert reverse("projects:detail", args=[project.pk]) in page
    assert "46,330.00" in page  # 万元
    # A symposium signs no projects.
    symposium = a_symposium(cast)
    assert client.post(reverse("gatherings:project", args=[symposium.pk]),
                       {"name": "x"}).status_code == 400
    assert Project.objects.count() == 1


def test_the_list_filters_exports_and_stays_within_budget(client, pages):
    cast = pages
    for number in range(12):
        a_symposium(cast, title=f"座谈会{number}")
    a_symposium(cast, kind=Kind.TRAINING, title="政策培训")
    f.EnterpriseFactory(region_id="370103")
    client = english(client, cast.owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("gatherings:list"))
    assert response.status_code == 200 and len(queries) <= BUDGET
    trainings = client.get(reverse("gatherings:list"), {"kind": "training"})
    assert "政策培训" in html(trainings) and "座谈会1<" not in html(trainings)
    rows = workbook_rows(client.get(reverse("gatherings:export"), {"kind": "symposium"}))
    assert len(rows) == 13 and rows[1][10] == 1  # header + 12; one enterprise attending
    # The neighbour county sees none of them.
    assert "座谈会" not in html(english(client, cast.neighbour).get(reverse("gatherings:list")))


def test_the_counties_read_the_provinces_trade_fair_but_do_not_change_it(client, pages):
    """Projects of a county are signed at the province's fair: its officers open the fair's
    page from theirs, read-only; a department liaison does not find it."""
    cast = pages
    fair = services.gathering_record(
        actor=cast.province, enterprises=[], persons=[],
        data={"kind": Kind.TRADE_FAIR, "title": "鲁台经贸洽谈会", "held_on": yesterday(),
              "office": f.office_at("370000"), "region": Region.objects.get(code="370000"),
              "attendees": 300})
    client = english(client, cast.owner)
    page = client.get(reverse("gatherings:detail", args=[fair.pk]))
    assert page.status_code == 200
    assert reverse("gatherings:edit", args=[fair.pk]) not in html(page)
    assert "鲁台经贸洽谈会" in html(client.get(reverse("gatherings:list")))
    assert client.get(reverse("gatherings:edit", args=[fair.pk])).status_code == 403
    client.force_login(cast.department)
    assert client.get(reverse("gatherings:detail", args=[fair.pk])).status_code == 404
