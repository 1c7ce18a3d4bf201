"""The staff pages of the liaison system: the leader's duty on the home page turning kept, plans
one at a time and from a rule, editing and ending a plan, recording contacts (with problems
raised as appeals), the contact log, the exports, and bad input refused beside its field with
nothing written."""

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

from qinshang.accounts.models import Role
from qinshang.appeals.models import Appeal, Category, Channel
from qinshang.campaigns.services import visit_record
from qinshang.liaison import services
from qinshang.liaison.intervals import next_due
from qinshang.liaison.models import Contact, LiaisonPlan
from qinshang.liaison.services import CounterpartChoice
from qinshang.offices.models import Department
from qinshang.testing import factories as f
from qinshang.testing.cast import (
    CITY,
    LEADER_PLAN_PURPOSE,
    NEIGHBOUR_COUNTY,
    OFFICER_PLAN_PURPOSE,
    OWNER_COUNTY,
    build_liaison_cast,
)

D = datetime.date
MARKUP = '<script>alert("x")</script>'
BUDGET = 12


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html(response) -> str:
    return response.content.decode()


def field_errors(response, name: str) -> list[str]:
    """The messages shown beside one field (inside its .field block)."""
    blocks = html(response).split('<div class="field')[1:]
    for block in blocks:
        if f'id="id_{name}"' in block or f'id="id_{name}_0"' in block:
            return re.findall(r'<p class="error" role="alert">([^<]+)</p>', block)
    return []


def workbook_rows(response, sheet: int = 0) -> list[tuple]:
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content), read_only=True).worksheets[sheet]
                .iter_rows(values_only=True))


def home_duties(response) -> str:
    return html(response).split('id="my-duties"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def liaison(cast, next_year_calendar):
    cast.liaison = build_liaison_cast(cast)
    return cast


@pytest.fixture
def office(cast):
    return f.office_at(OWNER_COUNTY)


def counting(model):
    return model.objects.count()


def contact_post(**changes) -> dict:
    data = {"contacted_on": "2026-11-02", "method": "visit", "content": "走访了解生产经营",
            "outcome": "", "problems-TOTAL_FORMS": "3", "problems-INITIAL_FORMS": "0",
            "problems-MIN_NUM_FORMS": "0", "problems-MAX_NUM_FORMS": "20"}
    return data | changes


def plan_post(cast, office, **changes) -> dict:
    data = {"office": str(office.pk), "staff": str(cast.owner.pk), "kind": "enterprise",
            "enterprise": str(cast.enterprise.pk), "person": "", "department": "",
            "interval": "monthly", "every_days": "", "method": "", "purpose": "了解用工情况",
            "starts_on": "2026-03-01", "ends_on": ""}
    return data | changes


# --- the leader's duty, end to end through the pages ---------------------------------------------

def test_the_leader_sees_the_overdue_duty_records_the_contact_and_it_turns_kept(client, liaison):
    cast = liaison
    plan = cast.liaison.leader_plan
    english(client, cast.reader)
    # given the leader's monthly visit duty, started 70 days ago and never kept
    duties = home_duties(client.get(reverse("core:home")))
    due = next_due(plan.starts_on, "monthly")
    assert LEADER_PLAN_PURPOSE in duties
    assert f"Overdue since {due.isoformat()}" in duties
    assert reverse("liaison:plan_contact", args=[plan.pk]) in duties
    assert OFFICER_PLAN_PURPOSE not in duties  # the owner's duty, not the leader's

    # when the leader opens the form from the duty: their plan, today, the plan's way
    form = client.get(reverse("liaison:plan_contact", args=[plan.pk]))
    assert form.status_code == 200
    assert f'value="{timezone.localdate().isoformat()}"' in html(form)
    assert '<option value="visit" selected>' in html(form)
    response = client.post(reverse("liaison:plan_contact", args=[plan.pk]),
                           contact_post(contacted_on=timezone.localdate().isoformat(),
                                        content="实地走访企业"), follow=True)

    # then the plan page says so, and the home page shows the duty kept
    assert response.redirect_chain == [(reverse("liaison:plan_detail", args=[plan.pk]), 302)]
    page = html(response)
    assert "Contact recorded." in page
    assert "does not keep the plan" not in page
    assert 'standing-kept">Kept' in page
    contact = Contact.objects.get(content="实地走访企业")
    assert (contact.staff, contact.recorded_by, contact.enterprise) == (
        cast.reader, cast.reader, cast.enterprise)
    duties = home_duties(client.get(reverse("core:home")))
    assert "Overdue since" not in duties
    assert 'standing-kept">Kept' in duties


def test_a_leader_may_not_record_for_anothers_plan(client, liaison):
    cast = liaison
    english(client, cast.reader)
    plan = cast.liaison.officer_plan
    page = html(client.get(reverse("liaison:plan_detail", args=[plan.pk])))
    assert OFFICER_PLAN_PURPOSE in page
    assert reverse("liaison:plan_contact", args=[plan.pk]) not in page
    assert reverse("liaison:plan_edit", args=[plan.pk]) not in page
    before = counting(Contact)
    assert client.get(reverse("liaison:plan_contact", args=[plan.pk])).status_code == 403
    assert client.post(reverse("liaison:plan_contact", args=[plan.pk]),
                       contact_post(method="phone")).status_code == 403
    assert counting(Contact) == before


def test_a_contact_that_does_not_keep_the_plan_is_recorded_with_a_warning(client, liaison):
    cast = liaison
    plan = cast.liaison.leader_plan  # a visit duty
    english(client, cast.owner)
    response = client.post(reverse("liaison:plan_contact", args=[plan.pk]),
                           contact_post(method="phone",
                                        contacted_on=timezone.localdate().isoformat()),
                           follow=True)
    page = html(response)
    assert "Contact recorded." in page
    assert "This contact does not keep the plan: the plan asks for “Visit”" in page
    assert 'standing-overdue">Overdue' in page


# --- bad input, through the pages: a clear message beside the field, nothing written ------------

def test_a_contact_dated_in_the_future_is_refused_beside_the_date(client, liaison):
    cast = liaison
    english(client, cast.reader)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    before = (counting(Contact), counting(Appeal))
    response = client.post(
        reverse("liaison:plan_contact", args=[cast.liaison.leader_plan.pk]),
        contact_post(contacted_on=tomorrow.isoformat(), **{
            "problems-0-category": str(Category.objects.get(code="land").pk),
            "problems-0-kind": "request", "problems-0-title": "用地指标",
            "problems-0-description": ""}))
    assert response.status_code == 400
    assert field_errors(response, "contacted_on") == ["A contact cannot be dated in the future."]
    assert "Nothing was saved." in html(response)
    assert 'value="用地指标"' in html(response)  # the input stays in the form
    assert (counting(Contact), counting(Appeal)) == before


def test_a_plan_ending_before_its_start_is_refused_beside_the_end(client, cast, office):
    english(client, cast.owner)
    before = counting(LiaisonPlan)
    response = client.post(reverse("liaison:plan_create"),
                           plan_post(cast, office, starts_on="2026-03-01",
                                     ends_on="2026-02-28"))
    assert response.status_code == 400
    assert field_errors(response, "ends_on") == ["The plan cannot end before it starts."]
    assert counting(LiaisonPlan) == before


def test_every_n_days_without_n_is_refused_beside_the_number(client, cast, office):
    english(client, cast.owner)
    before = counting(LiaisonPlan)
    response = client.post(reverse("liaison:plan_create"),
                           plan_post(cast, office, interval="days", every_days=""))
    assert response.status_code == 400
    assert field_errors(response, "every_days") == ["Say every how many days."]
    assert counting(LiaisonPlan) == before


def test_staff_not_in_the_office_is_refused_beside_who(client, cast, office):
    """The city officer writes for the county's office too, but is not one of its members."""
    english(client, cast.city)
    before = counting(LiaisonPlan)
    response = client.post(reverse("liaison:plan_create"),
                           plan_post(cast, office, staff=str(cast.city.pk)))
    assert response.status_code == 400
    assert field_errors(response, "staff") == [f"{cast.city} is not a member of {office.name}."]
    assert counting(LiaisonPlan) == before


def test_an_unknown_enterprise_and_a_foreign_one_are_not_found(client, cast, office):
    english(client, cast.owner)
    for value in ("999999", str(cast.foreign_enterprise.pk), cast.foreign_enterprise.name):
        response = client.post(reverse("liaison:plan_create"),
                               plan_post(cast, office, enterprise=value))
        assert response.status_code == 400
        assert field_errors(response, "enterprise") == [
            "Choose one of the list: those in your jurisdiction."]
        assert cast.foreign_enterprise.credit_code not in html(response)
    response = client.post(reverse("liaison:plan_create"), plan_post(cast, office, enterprise=""))
    assert field_errors(response, "enterprise") == ["Name the enterprise."]
    assert not LiaisonPlan.objects.exists()


# --- plans --------------------------------------------------------------------------------------

def test_a_plan_with_an_enterprise_a_person_or_a_department(client, cast, office):
    english(client, cast.owner)
    response = client.post(reverse("liaison:plan_create"),
                           plan_post(cast, office, method="phone", purpose=MARKUP), follow=True)
    plan = LiaisonPlan.objects.get()
    assert response.redirect_chain == [(reverse("liaison:plan_detail", args=[plan.pk]), 302)]
    assert (plan.enterprise, plan.staff, plan.office, plan.region_id, plan.method) == (
        cast.enterprise, cast.owner, office, OWNER_COUNTY, "phone")
    page = html(response)
    assert "Liaison plan saved." in page
    assert MARKUP not in page and "&lt;script&gt;" in page
    assert f'href="{reverse("enterprises:detail", args=[cast.enterprise.pk])}"' in page
    # once more, for a person of the file, and with a department of the county
    client.post(reverse("liaison:plan_create"), plan_post(cast, office))
    client.post(reverse("liaison:plan_create"),
                plan_post(cast, office, kind="person", enterprise="",
                          person=str(cast.person.pk)))
    department = f.department_at(OWNER_COUNTY)
    client.post(reverse("liaison:plan_create"),
                plan_post(cast, office, kind="department", department=str(department.pk)))
    assert LiaisonPlan.objects.filter(enterprise=cast.enterprise).count() == 2
    assert LiaisonPlan.objects.filter(person=cast.person).count() == 1
    assert LiaisonPlan.objects.filter(department=department).count() == 1


def test_the_plan_form_is_prefilled_from_an_enterprise(client, cast):
    english(client, cast.owner)
    page = html(client.get(reverse("liaison:plan_create"),
                           {"enterprise": cast.enterprise.pk}))
    assert f'name="enterprise" value="{cast.enterprise.pk}"' in page
    assert cast.enterprise.name in page and cast.enterprise.credit_code in page
    # an enterprise out of reach is not named
    page = html(client.get(reverse("liaison:plan_create"),
                           {"enterprise": cast.foreign_enterprise.pk}))
    assert cast.foreign_enterprise.credit_code not in page
    assert cast.foreign_enterprise.name not in page


def test_the_list_shows_who_whom_how_and_where_each_plan_stands(client, liaison):
    cast = liaison
    english(client, cast.owner)
    page = html(client.get(reverse("liaison:plans")))
    assert "2 plans" in page
    assert LEADER_PLAN_PURPOSE in page and OFFICER_PLAN_PURPOSE in page
    assert 'standing-overdue">Overdue' in page and 'standing-kept">Kept' in page
    assert page.count(f'href="{reverse("enterprises:detail", args=[cast.enterprise.pk])}"') == 2
    # filtered to the overdue ones, to a person, to a counterpart kind
    page = html(client.get(reverse("liaison:plans"), {"standing": "overdue"}))
    assert LEADER_PLAN_PURPOSE in page and OFFICER_PLAN_PURPOSE not in page
    page = html(client.get(reverse("liaison:plans"), {"staff": cast.owner.pk}))
    assert OFFICER_PLAN_PURPOSE in page and LEADER_PLAN_PURPOSE not in page
    page = html(client.get(reverse("liaison:plans"), {"kind": "department"}))
    assert "No plan matches these filters." in page
    # other counties see none of it
    english(client, cast.neighbour)
    page = html(client.get(reverse("liaison:plans")))
    assert "No liaison plan in your jurisdiction yet." in page
    assert cast.enterprise.name not in page


def fill_plans(cast, office, count: int) -> None:
    firm = CounterpartChoice(enterprise=cast.enterprise)
    staff = [cast.owner, cast.reader, f.member("colleague", Role.OFFICER, office=office)]
    for index in range(count - LiaisonPlan.objects.count()):
        services.plan_create(actor=cast.owner, office=office, staff=staff[index % 3],
                             counterpart=firm, data={"interval": "monthly",
                                                     "purpose": f"联系{index}",
                                                     "starts_on": D(2026, 1, 1)})


@pytest.mark.parametrize("params", [{}, {"standing": "overdue"}])
def test_the_list_costs_the_same_for_10_and_50_plans(client, cast, office, params):
    client.force_login(cast.owner)
    url = reverse("liaison:plans")
    client.get(url)
    fill_plans(cast, office, 10)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(url, params).status_code == 200
    fill_plans(cast, office, 50)
    with CaptureQueriesContext(connection) as fifty:
        page = html(client.get(url, params))
    assert len(re.findall(r'href="/liaison/plans/\d+/"', page)) == 50
    assert len(fifty) == len(ten) <= BUDGET


def test_the_plans_export_holds_the_filtered_plans_with_their_standing(client, liaison):
    cast = liaison
    english(client, cast.owner)
    rows = workbook_rows(client.get(reverse("liaison:plans_export"), {"standing": "overdue"}))
    assert rows[0][:4] == ("Office", "Who", "Counterpart", "Name")
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Who"], row["Name"], row["How often"], row["How"], row["Standing"]) == (
        str(cast.reader), cast.enterprise.name, "Monthly", "Visit", "Overdue")


def test_the_plan_page_shows_the_standing_and_the_contacts_and_visits_that_kept_it(
        client, liaison):
    cast = liaison
    plan = cast.liaison.officer_plan  # quarterly phone duty, kept a week ago
    visit = visit_record(actor=cast.owner, enterprise=cast.enterprise, staff=[cast.owner],
                         data={"visited_on": timezone.localdate() - datetime.timedelta(days=3),
                               "method": "phone", "people_met": 1, "summary": "电话回访"})
    english(client, cast.owner)
    page = html(client.get(reverse("liaison:plan_detail", args=[plan.pk])))
    assert 'standing-kept">Kept' in page
    last = timezone.localdate() - datetime.timedelta(days=3)
    assert f"Last contact: {last.isoformat()}." in page
    assert reverse("campaigns:visit_detail", args=[visit.pk]) in page
    assert reverse("liaison:contact_detail", args=[cast.liaison.contact.pk]) in page
    assert reverse("liaison:plan_contact", args=[plan.pk]) in page
    assert reverse("liaison:plan_edit", args=[plan.pk]) in page


def test_editing_a_plan_and_ending_it(client, liaison):
    cast = liaison
    plan = cast.liaison.leader_plan
    english(client, cast.owner)
    url = reverse("liaison:plan_edit", args=[plan.pk])
    data = {"interval": "quarterly", "every_days": "", "method": "", "purpose": "调整为每季度",
            "starts_on": plan.starts_on.isoformat(),
            "ends_on": timezone.localdate().isoformat(), "version": str(plan.version)}
    response = client.post(url, data, follow=True)
    assert "Liaison plan saved." in html(response)
    plan.refresh_from_db()
    assert (plan.interval, plan.method, plan.ends_on, plan.version) == (
        "quarterly", "", timezone.localdate(), 2)
    # a second tab still holding version 1 is refused, its input kept
    stale = client.post(url, data | {"purpose": "另一人的修改"})
    assert stale.status_code == 409
    assert "Someone else changed this plan" in html(stale)
    assert 'value="另一人的修改"' in html(stale)
    plan.refresh_from_db()
    assert (plan.purpose, plan.version) == ("调整为每季度", 2)


# --- plans from a rule --------------------------------------------------------------------------

@pytest.fixture
def counties(cast):
    """Two county offices with their leaders and their commerce and taxation departments; the
    neighbour county lacks a taxation department."""
    owner_office = f.office_at(OWNER_COUNTY)
    neighbour_office = f.office_at(NEIGHBOUR_COUNTY)
    f.member("second_leader", Role.LEADER, office=owner_office)
    f.member("neighbour_leader", Role.LEADER, office=neighbour_office)
    for code in (OWNER_COUNTY, NEIGHBOUR_COUNTY):
        f.department_at(code, Department.Sector.COMMERCE)
    Department.objects.create(region_id=OWNER_COUNTY, sector=Department.Sector.TAXATION,
                              name="历下区税务局")
    return owner_office, neighbour_office


def rule_post(offices, **changes) -> dict:
    data = {"offices": [str(office.pk) for office in offices], "role": "leader",
            "sectors": ["commerce", "taxation"], "interval": "quarterly", "every_days": "",
            "method": "meeting", "purpose": "领导联系职能部门", "starts_on": "2026-01-01",
            "ends_on": ""}
    return data | changes


def test_a_rule_previews_its_count_then_creates_one_plan_per_leader_and_department(
        client, cast, counties):
    owner_office, _neighbour_office = counties
    english(client, cast.city)
    url = reverse("liaison:plan_rule")
    preview = client.post(url, rule_post([owner_office], preview="1"))
    assert preview.status_code == 200
    assert "This rule creates 4 plans" in html(preview)
    assert '<button type="submit" name="confirm" value="4"' in html(preview)
    assert not LiaisonPlan.objects.exists()

    response = client.post(url, rule_post([owner_office], confirm="4"), follow=True)
    assert response.redirect_chain == [(reverse("liaison:plans"), 302)]
    assert "4 liaison plans created." in html(response)
    plans = LiaisonPlan.objects.all()
    assert {(plan.staff.username, plan.department.name) for plan in plans} == {
        ("reader", "历下区商务局"), ("reader", "历下区税务局"),
        ("second_leader", "历下区商务局"), ("second_leader", "历下区税务局")}
    assert {(plan.office_id, plan.interval, plan.method) for plan in plans} == {
        (owner_office.pk, "quarterly", "meeting")}


def test_a_rule_names_the_office_whose_division_lacks_a_department(client, cast, counties):
    owner_office, neighbour_office = counties
    english(client, cast.city)
    response = client.post(reverse("liaison:plan_rule"),
                           rule_post([owner_office, neighbour_office], confirm="6"))
    assert response.status_code == 400
    assert field_errors(response, "sectors") == [
        f"{neighbour_office.name}: 市中区 has no department of Taxation. Choose other sectors "
        "or leave the office out."]
    assert not LiaisonPlan.objects.exists()


def test_a_rule_whose_count_changed_since_the_preview_is_not_applied(client, cast, counties):
    owner_office, _neighbour_office = counties
    english(client, cast.city)
    response = client.post(reverse("liaison:plan_rule"),
                           rule_post([owner_office], sectors=["commerce"], confirm="4"))
    assert response.status_code == 409
    assert "The number of plans changed since the preview" in html(response)
    assert "This rule creates 2 plans" in html(response)
    assert not LiaisonPlan.objects.exists()


def test_a_rule_for_an_office_without_the_role_says_so(client, cast, counties):
    english(client, cast.city)
    city_office = f.office_at(CITY)
    f.department_at(CITY)
    response = client.post(reverse("liaison:plan_rule"),
                           rule_post([city_office], sectors=["commerce"], confirm="0"))
    assert response.status_code == 400
    assert f"{city_office.name} have no member for" in html(response)
    assert not LiaisonPlan.objects.exists()


# --- contacts -----------------------------------------------------------------------------------

def test_a_contact_raising_problems_registers_appeals_and_shows_the_plans_it_keeps(
        client, liaison):
    cast = liaison
    english(client, cast.owner)
    land = Category.objects.get(code="land")
    response = client.post(reverse("liaison:contact_create"), contact_post(**{
        "kind": "enterprise", "enterprise": str(cast.enterprise.pk), "person": "",
        "department": "", "staff": "", "method": "phone", "contacted_on": "2026-11-20",
        "content": "电话了解扩产用地", "problems-0-category": str(land.pk),
        "problems-0-kind": "request", "problems-0-title": "扩产用地指标紧张",
        "problems-0-description": "希望协调用地"}), follow=True)
    contact = Contact.objects.get(content="电话了解扩产用地")
    assert response.redirect_chain == [(reverse("liaison:contact_detail", args=[contact.pk]),
                                        302)]
    appeal = Appeal.objects.get(title="扩产用地指标紧张")
    assert (appeal.channel, appeal.enterprise) == (Channel.LIAISON, cast.enterprise)
    assert list(contact.appeals.all()) == [appeal]
    page = html(response)
    assert "Contact recorded. Appeals registered:" in page
    assert reverse("appeals:detail", args=[appeal.pk]) in page
    # the owner's quarterly phone duty is kept by it
    assert reverse("liaison:plan_detail", args=[cast.liaison.officer_plan.pk]) in page
    assert reverse("liaison:plan_detail", args=[cast.liaison.leader_plan.pk]) not in page


def test_a_writer_records_a_colleagues_contact_a_leader_only_their_own(client, liaison):
    cast = liaison
    english(client, cast.owner)
    data = contact_post(kind="person", enterprise="", person=str(cast.person.pk), department="",
                        content="与台商座谈")
    assert f'<option value="{cast.reader.pk}">' in html(client.get(
        reverse("liaison:contact_create")))
    client.post(reverse("liaison:contact_create"), data | {"staff": str(cast.reader.pk)})
    assert Contact.objects.get(content="与台商座谈").staff == cast.reader
    english(client, cast.reader)
    form = html(client.get(reverse("liaison:contact_create")))
    assert 'name="staff"' not in form
    client.post(reverse("liaison:contact_create"),
                data | {"content": "领导本人座谈", "staff": str(cast.owner.pk)})
    assert Contact.objects.get(content="领导本人座谈").staff == cast.reader


def test_problems_are_refused_for_a_department_with_nothing_written(client, cast):
    english(client, cast.owner)
    department = f.department_at(OWNER_COUNTY)
    response = client.post(reverse("liaison:contact_create"), contact_post(**{
        "kind": "department", "department": str(department.pk), "enterprise": "",
        "person": "", "problems-0-category": str(Category.objects.get(code="land").pk),
        "problems-0-kind": "request", "problems-0-title": "用地", "problems-0-description": ""}))
    assert response.status_code == 400
    assert "Appeals are raised for an enterprise or a person" in html(response)
    assert not Contact.objects.exists() and not Appeal.objects.exists()


def test_the_contact_log_filters_and_exports(client, liaison):
    cast = liaison
    department = f.department_at(OWNER_COUNTY)
    services.contact_record(actor=cast.owner, staff=cast.owner,
                            counterpart=CounterpartChoice(department=department),
                            data={"contacted_on": D(2026, 3, 2), "method": "meeting",
                                  "content": "与商务局会商"})
    english(client, cast.owner)
    page = html(client.get(reverse("liaison:contacts")))
    assert "2 contacts" in page and "与商务局会商" in page
    page = html(client.get(reverse("liaison:contacts"), {"method": "phone"}))
    assert "1 contact" in page and "与商务局会商" not in page
    page = html(client.get(reverse("liaison:contacts"),
                           {"date_from": "2026-03-01", "date_to": "2026-03-31"}))
    assert "与商务局会商" in page and "电话了解用电扩容" not in page
    page = html(client.get(reverse("liaison:contacts"),
                           {"date_from": "2026-03-31", "date_to": "2026-03-01"}))
    assert "The end date is before the start date." in page
    rows = workbook_rows(client.get(reverse("liaison:contacts_export"),
                                    {"kind": "department"}))
    assert len(rows) == 2
    assert dict(zip(rows[0], rows[1], strict=True))["Name"] == department.name
    english(client, cast.neighbour)
    assert "No contact recorded in your jurisdiction yet." in html(
        client.get(reverse("liaison:contacts")))


def test_home_costs_the_same_for_one_duty_and_ten(client, cast, office):
    client.force_login(cast.owner)
    client.get(reverse("core:home"))
    fill_plans(cast, office, 3)  # one for the owner
    with CaptureQueriesContext(connection) as one:
        assert home_duties(client.get(reverse("core:home"))).count("liaison/plans/") >= 1
    fill_plans(cast, office, 30)  # ten for the owner
    with CaptureQueriesContext(connection) as ten:
        duties = home_duties(client.get(reverse("core:home")))
    assert "另有2项联系任务" in duties  # the 8 shown and "2 more", in the default language
    assert len(ten) == len(one) <= BUDGET


def test_home_says_when_there_is_no_duty(client, cast):
    english(client, cast.neighbour)
    assert "No liaison duty of yours runs today." in home_duties(
        client.get(reverse("core:home")))
    english(client, cast.department)
    assert 'id="my-duties"' not in html(client.get(reverse("core:home")))


def test_the_administrator_reads_plans_and_contacts_in_the_admin_but_never_changes_them(
        client, liaison):
    root = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    for name, record in (("liaisonplan", liaison.liaison.leader_plan),
                         ("contact", liaison.liaison.contact)):
        page = html(client.get(reverse(f"admin:liaison_{name}_changelist")))
        assert reverse(f"admin:liaison_{name}_change", args=[record.pk]) in page
        assert client.get(reverse(f"admin:liaison_{name}_change",
                                  args=[record.pk])).status_code == 200
        assert client.get(reverse(f"admin:liaison_{name}_add")).status_code == 403
        assert client.post(reverse(f"admin:liaison_{name}_delete", args=[record.pk]),
                           {"post": "yes"}).status_code == 403
    assert LiaisonPlan.objects.filter(pk=liaison.liaison.leader_plan.pk).exists()
