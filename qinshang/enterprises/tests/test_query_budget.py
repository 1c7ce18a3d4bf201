"""Pages cost the same number of SQL statements whatever the number of rows (DESIGN.md §9)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qinshang.accounts.models import Role
from qinshang.enterprises.models import Enterprise
from qinshang.testing import factories as f

BUDGET = 12


@pytest.fixture
def whole_list_on_one_page(settings):
    settings.QINSHANG_PAGE_SIZE = 100


def fill_county(cast, count: int) -> None:
    """Up to ``count`` enterprises in the owner's county, each with two tags and a liaison
    officer (three different officers take turns)."""
    officers = [cast.owner, cast.reader,
                f.member("colleague", Role.OFFICER, office=f.office_at("370102"))]
    tags = [f.tag(name) for name in ("高新技术", "专精特新", "百强")]
    missing = count - Enterprise.objects.filter(region_id="370102").count()
    for index, enterprise in enumerate(f.EnterpriseFactory.create_batch(missing)):
        enterprise.liaison_officer = officers[index % 3]
        enterprise.save(update_fields=["liaison_officer"])
        enterprise.tags.add(tags[index % 3], tags[(index + 1) % 3])


def statements(client, url, params=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_list_costs_the_same_for_10_and_100_rows(client, cast, whole_list_on_one_page):
    client.force_login(cast.owner)
    url = reverse("enterprises:list")
    client.get(url)  # the session is warm, as it is for a working user
    # given 10 enterprises on the page
    fill_county(cast, 10)
    ten, html_ten = statements(client, url)
    # given 100 enterprises on the page
    fill_county(cast, 100)
    hundred, html_hundred = statements(client, url)
    # then both pages show every row and cost the same, within the budget
    assert html_ten.count('class="tag"') == 2 * 9 + 0  # the cast enterprise has no tags
    assert html_hundred.count('class="tag"') == 2 * 99
    assert hundred == ten
    assert hundred <= BUDGET


def test_filtered_list_costs_the_same_for_10_and_100_rows(client, cast, whole_list_on_one_page):
    client.force_login(cast.owner)
    url = reverse("enterprises:list")
    params = {"q": "台资", "status": "operating", "tag": f.tag("高新技术").pk}
    client.get(url)
    fill_county(cast, 30)
    few, _html = statements(client, url, params)
    fill_county(cast, 300)
    many, html = statements(client, url, params)
    assert len(re.findall(r'href="/enterprises/\d+/"', html)) == 100
    assert many == few
    assert many <= BUDGET


def test_list_partial_for_htmx_stays_in_budget(client, cast, whole_list_on_one_page):
    client.force_login(cast.owner)
    fill_county(cast, 100)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("enterprises:list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert len(captured) <= BUDGET


def add_people_and_measures(cast, count: int) -> None:
    enterprise = cast.enterprise
    department = f.department_at("370100")
    have = enterprise.affiliations.count()
    for _index in range(count - have):
        f.affiliate(f.PersonFactory(), enterprise)
    have = enterprise.measures.count()
    for _index in range(count - have):
        f.SupportMeasureFactory(enterprise=enterprise, department=department)


def test_detail_costs_the_same_for_1_and_10_persons_and_measures(client, cast):
    client.force_login(cast.owner)
    url = reverse("enterprises:detail", args=[cast.enterprise.pk])
    cast.enterprise.tags.add(f.tag("百强"))
    client.get(url)
    # given one person and one measure (the cast's), and some timeline entries
    client.post(reverse("enterprises:person_document",
                        args=[cast.enterprise.pk, cast.person.pk]))
    one, html_one = statements(client, url)
    # given ten of each
    add_people_and_measures(cast, 10)
    client.post(reverse("enterprises:person_document",
                        args=[cast.enterprise.pk, cast.person.pk]))
    ten, html_ten = statements(client, url)
    # then the page lists them all for the same number of statements, within the budget
    assert html_one.count("/persons/") < html_ten.count("/persons/")
    assert html_ten.count("/measures/") >= 10
    assert ten == one
    assert ten <= BUDGET


def test_detail_as_reader_stays_in_budget(client, cast):
    add_people_and_measures(cast, 10)
    client.force_login(cast.reader)
    client.get(reverse("enterprises:detail", args=[cast.enterprise.pk]))
    count, _html = statements(client, reverse("enterprises:detail", args=[cast.enterprise.pk]))
    assert count <= BUDGET
