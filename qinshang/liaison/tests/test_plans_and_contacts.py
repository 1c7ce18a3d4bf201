"""Which contacts keep which plans, where each plan stands, the share kept, and bad input."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from qinshang.accounts.models import Role
from qinshang.appeals.models import Category, Channel
from qinshang.appeals.services import Problem
from qinshang.appeals.workflow import TransitionRefused
from qinshang.campaigns.services import visit_record
from qinshang.events.models import Event
from qinshang.figures import liaison as figures
from qinshang.liaison import selectors, services
from qinshang.liaison.intervals import Standing
from qinshang.liaison.models import Contact, LiaisonPlan
from qinshang.liaison.services import CounterpartChoice, PlanRule
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import CITY, NEIGHBOUR_COUNTY, OWNER_COUNTY

D = datetime.date
AT = datetime.datetime(2028, 3, 31, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ON = AT.date()
NEW_YEAR = D(2028, 1, 1)


@pytest.fixture
def office(cast):
    return f.office_at(OWNER_COUNTY)


def plan(cast, office, staff, counterpart, interval="monthly", method="", starts=NEW_YEAR,
         ends=None, every=None):
    return services.plan_create(
        actor=cast.owner, office=office, staff=staff, counterpart=counterpart, at=AT,
        data={"interval": interval, "every_days": every, "method": method, "purpose": "联系",
              "starts_on": starts, "ends_on": ends})


def contact(cast, staff, counterpart, day, method="visit", problems=(), at=AT):
    return services.contact_record(actor=cast.owner, staff=staff, counterpart=counterpart,
                                   data={"contacted_on": day, "method": method,
                                         "content": "了解情况"}, problems=problems, at=at)


def standing_of(plan_row, on=ON):
    (row,) = selectors.standings(LiaisonPlan.objects.filter(pk=plan_row.pk), on)
    return row


def test_a_contact_keeps_every_plan_it_matches_and_no_other(cast, office):
    firm = CounterpartChoice(enterprise=cast.enterprise)
    department = CounterpartChoice(department=f.department_at(OWNER_COUNTY))
    matching = [plan(cast, office, cast.owner, firm, method="visit"),
                plan(cast, office, cast.owner, firm, interval="quarterly"),  # any method
                plan(cast, office, cast.owner, firm, interval="yearly", starts=D(2028, 3, 1))]
    others = [plan(cast, office, cast.owner, firm, method="phone"),            # another method
              plan(cast, office, cast.reader, firm, method="visit"),           # another person
              plan(cast, office, cast.owner, department),                      # another party
              plan(cast, office, cast.owner, firm, starts=D(2028, 3, 16)),     # not begun yet
              plan(cast, office, cast.owner, firm, ends=D(2028, 3, 14))]       # ended before
    made = contact(cast, cast.owner, firm, D(2028, 3, 15))

    assert set(selectors.plans_kept_by(made)) == set(matching)
    for row in matching:
        assert standing_of(row).last_contact_on == D(2028, 3, 15)
        assert [entry.contact for entry in selectors.plan_history(row, ON)] == [made]
    for row in others:
        assert standing_of(row).last_contact_on is None
        assert selectors.plan_history(row, ON) == []


def test_a_visit_keeps_the_plans_of_the_staff_who_made_it_without_a_second_entry(cast, office):
    firm = CounterpartChoice(enterprise=cast.enterprise)
    person = CounterpartChoice(person=cast.person)
    on_site, by_phone, meeting, with_person = (
        plan(cast, office, cast.owner, firm, method="visit"),
        plan(cast, office, cast.owner, firm, method="phone"),
        plan(cast, office, cast.owner, firm, method="meeting"),
        plan(cast, office, cast.owner, person))
    visit = visit_record(actor=cast.owner, enterprise=cast.enterprise, staff=[cast.owner],
                         persons=[cast.person], at=AT,
                         data={"visited_on": D(2028, 3, 20), "method": "on_site",
                               "people_met": 1, "summary": "走访了解用工"})

    assert standing_of(on_site).last_contact_on == D(2028, 3, 20)
    assert standing_of(with_person).last_contact_on == D(2028, 3, 20)
    assert standing_of(by_phone).last_contact_on is None
    assert standing_of(meeting).last_contact_on is None
    assert [entry.visit for entry in selectors.plan_history(on_site, ON)] == [visit]
    assert not Contact.objects.exists()


def test_the_latest_of_contacts_and_visits_counts(cast, office):
    firm = CounterpartChoice(enterprise=cast.enterprise)
    row = plan(cast, office, cast.owner, firm)
    contact(cast, cast.owner, firm, D(2028, 1, 10))
    visit_record(actor=cast.owner, enterprise=cast.enterprise, staff=[cast.owner], at=AT,
                 data={"visited_on": D(2028, 2, 29), "method": "on_site", "people_met": 0})
    contact(cast, cast.owner, firm, D(2028, 2, 3))
    standing = standing_of(row)
    assert (standing.last_contact_on, standing.due_on, standing.standing) == (
        D(2028, 2, 29), D(2028, 3, 29), Standing.OVERDUE)
    assert standing_of(row, D(2028, 3, 29)).standing == Standing.KEPT
    # A standing taken on an earlier day sees only the contacts made by then.
    assert standing_of(row, D(2028, 2, 5)).last_contact_on == D(2028, 2, 3)


def test_shares_kept_by_person_office_and_division(cast, office):
    firm = CounterpartChoice(enterprise=cast.enterprise)
    kept = plan(cast, office, cast.owner, firm)
    plan(cast, office, cast.owner, firm, method="phone")                    # overdue
    plan(cast, office, cast.reader, firm, starts=D(2028, 3, 10))            # not yet due
    contact(cast, cast.owner, firm, D(2028, 3, 15))
    neighbour_office = f.office_at(NEIGHBOUR_COUNTY)
    services.plan_create(actor=cast.city, office=neighbour_office, staff=cast.neighbour,
                         counterpart=CounterpartChoice(enterprise=cast.foreign_enterprise),
                         at=AT, data={"interval": "weekly", "purpose": "联系",
                                      "starts_on": D(2028, 3, 1)})             # overdue

    rows = figures.plan_cells(cast.city, region=Region.objects.get(code=CITY), on=ON)
    whole = figures.total(rows)
    assert (whole.kept, whole.overdue, whole.not_yet_due, whole.share_kept) == (1, 2, 1, 1 / 3)
    divisions = {row.key: row.counts for row in figures.by_division(
        rows, Region.objects.get(code=CITY))}
    assert (divisions[OWNER_COUNTY].kept, divisions[OWNER_COUNTY].overdue) == (1, 1)
    assert divisions[NEIGHBOUR_COUNTY].share_kept == 0
    people = {row.name: row.counts for row in figures.by_person(rows)}
    assert people[str(cast.owner)].share_kept == 0.5
    assert people[str(cast.reader)].share_kept is None
    # The county sees its own plans only; the neighbour sees none of them.
    assert kept.pk in {cell.plan_id for cell in figures.plan_cells(cast.owner, region=None,
                                                                   on=ON)}
    assert all(cell.region_id == NEIGHBOUR_COUNTY for cell in figures.plan_cells(
        cast.neighbour, region=None, on=ON))


def test_the_quarterly_table_takes_the_quarters_end_and_counts_its_contacts(cast, office):
    firm = CounterpartChoice(enterprise=cast.enterprise)
    row = plan(cast, office, cast.owner, firm, interval="quarterly")
    for day in (D(2028, 1, 5), D(2028, 2, 29), D(2028, 4, 2)):
        contact(cast, cast.owner, firm, day, at=AT + datetime.timedelta(days=10))
    table = figures.quarterly_table(cast.owner, office=office, year=2028, quarter=1,
                                    today=D(2028, 4, 10))
    (line,) = table.rows
    assert (table.first_day, table.last_day, table.on) == (D(2028, 1, 1), D(2028, 3, 31),
                                                           D(2028, 3, 31))
    assert (line.standing.plan, line.contacts, line.standing.last_contact_on) == (
        row, 2, D(2028, 2, 29))
    assert line.standing.standing == Standing.KEPT and table.total.share_kept == 1


def test_plans_from_a_rule_are_one_row_each(cast, office):
    city_office = f.office_at(CITY)
    leaders = [f.member(name, Role.LEADER, office=city_office) for name in ("主任", "副主任")]
    departments = [CounterpartChoice(department=f.department_at(CITY, sector))
                   for sector in ("commerce", "taxation")]
    created = services.plans_create_by_rule(actor=cast.city, at=AT, rule=PlanRule(
        offices=[city_office], role=Role.LEADER, counterparts={city_office.pk: departments},
        data={"interval": "quarterly", "method": "meeting", "purpose": "当面沟通",
              "starts_on": D(2028, 1, 1)}))
    assert len(created) == 4
    assert {(row.staff, row.department) for row in LiaisonPlan.objects.all()} == {
        (leader, choice.department) for leader in leaders for choice in departments}
    assert Event.objects.filter(verb="liaison.plan_created").count() == 4


def test_a_contact_raises_appeals_of_channel_liaison_in_the_same_step(cast, office):
    firm = CounterpartChoice(enterprise=cast.enterprise)
    # Appeals count working days: a year whose holidays are on file.
    made = contact(cast, cast.owner, firm, D(2026, 3, 16), at=AT.replace(year=2026), problems=[
        Problem(Category.objects.get(code="labour"), "招工难", "希望协助招聘")])
    (appeal,) = made.appeals.all()
    assert (appeal.channel, appeal.enterprise, appeal.title) == (
        Channel.LIAISON, cast.enterprise, "招工难")


def test_a_leader_records_their_own_contact_but_not_anyone_elses(cast, office):
    firm = CounterpartChoice(enterprise=cast.enterprise)
    services.contact_record(actor=cast.reader, staff=cast.reader, counterpart=firm, at=AT,
                            data={"contacted_on": ON, "method": "visit", "content": "走访"})
    with pytest.raises(TransitionRefused):
        services.contact_record(actor=cast.reader, staff=cast.owner, counterpart=firm, at=AT,
                                data={"contacted_on": ON, "method": "visit", "content": "走访"})
    with pytest.raises(TransitionRefused):
        services.contact_record(actor=cast.neighbour, staff=cast.neighbour, counterpart=firm,
                                at=AT, data={"contacted_on": ON, "method": "visit",
                                             "content": "走访"})
    assert Contact.objects.count() == 1


# --- bad input: refused with a message, nothing written ---------------------------------------

def _nothing_written():
    assert not LiaisonPlan.objects.exists() and not Contact.objects.exists()
    assert not Event.objects.filter(verb__startswith="liaison.").exists()


def test_a_plan_that_ends_before_it_starts_is_refused(cast, office):
    with pytest.raises(ValidationError) as refused:
        plan(cast, office, cast.owner, CounterpartChoice(enterprise=cast.enterprise),
             starts=D(2028, 3, 1), ends=D(2028, 2, 1))
    assert "The plan cannot end before it starts." in str(refused.value)
    _nothing_written()


def test_a_contact_dated_in_the_future_is_refused(cast, office):
    with pytest.raises(ValidationError) as refused:
        contact(cast, cast.owner, CounterpartChoice(enterprise=cast.enterprise),
                ON + datetime.timedelta(days=1), problems=[
                    Problem(Category.objects.get(code="labour"), "招工难", "")])
    assert "A contact cannot be dated in the future." in str(refused.value)
    _nothing_written()
    assert not cast.enterprise.appeals.exists()


def test_every_n_days_needs_n_and_a_stranger_is_no_plan_member(cast, office):
    firm = CounterpartChoice(enterprise=cast.enterprise)
    with pytest.raises(ValidationError) as refused:
        plan(cast, office, cast.owner, firm, interval="days")
    assert "Say every how many days." in str(refused.value)
    with pytest.raises(ValidationError):
        plan(cast, office, cast.neighbour, firm)
    with pytest.raises(ValidationError):
        CounterpartChoice(enterprise=cast.enterprise, person=cast.person)
    _nothing_written()


def test_a_rule_with_an_office_lacking_the_role_writes_no_plan_at_all(cast, office):
    city_office = f.office_at(CITY)
    f.member("主任", Role.LEADER, office=city_office)
    department = CounterpartChoice(department=f.department_at(CITY))
    with pytest.raises(ValidationError):
        services.plans_create_by_rule(actor=cast.province, at=AT, rule=PlanRule(
            offices=[city_office, f.office_at(NEIGHBOUR_COUNTY)], role=Role.LEADER,
            counterparts={city_office.pk: [department]},
            data={"interval": "quarterly", "purpose": "联系", "starts_on": D(2028, 1, 1)}))
    _nothing_written()
