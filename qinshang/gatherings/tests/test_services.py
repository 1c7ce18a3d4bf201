"""Recording events, who attended and what came of them; every refusal leaves nothing written."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from qinshang.appeals.models import Appeal, Category, Channel
from qinshang.appeals.services import Problem
from qinshang.appeals.workflow import TransitionRefused
from qinshang.events.models import Event
from qinshang.gatherings import services
from qinshang.gatherings.models import Gathering, Kind
from qinshang.gatherings.services import RaisedProblem
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import CITY, NEIGHBOUR_COUNTY, OWNER_COUNTY

AT = datetime.datetime(2026, 3, 31, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
HELD = datetime.date(2026, 3, 20)


def problem(title="用工难，希望协调招工") -> Problem:
    return Problem(category=Category.objects.get(code="labour"), title=title,
                   description="春节后返岗率低")


def facts(**changes):
    data = {"kind": Kind.SYMPOSIUM, "title": "台商新春座谈会", "held_on": HELD,
            "ends_on": None, "place": "区台办会议室", "office": f.office_at(OWNER_COUNTY),
            "region": Region.objects.get(code=OWNER_COUNTY), "attendees": 12,
            "summary": "听取台商意见"}
    data.update(changes)
    return data


def record(cast, actor=None, enterprises=None, persons=None, problems=(), **changes):
    return services.gathering_record(
        actor=actor or cast.owner, data=facts(**changes),
        enterprises=[cast.enterprise] if enterprises is None else enterprises,
        persons=[cast.person] if persons is None else persons, problems=problems, at=AT)


def nothing_written() -> bool:
    return not (Gathering.objects.exists() or Appeal.objects.exists()
                or Event.objects.filter(verb__startswith="gathering.").exists())


def test_an_event_with_a_problem_raised_registers_a_symposium_appeal(cast):
    gathering = record(cast, problems=[RaisedProblem(problem(), enterprise=cast.enterprise)])

    (appeal,) = gathering.appeals.all()
    assert (appeal.channel, appeal.enterprise, appeal.region_id) == (
        Channel.SYMPOSIUM, cast.enterprise, OWNER_COUNTY)
    assert list(gathering.enterprises.all()) == [cast.enterprise]
    assert list(gathering.persons.all()) == [cast.person]
    event = Event.objects.get(verb="gathering.recorded")
    assert event.changes["appeals"] == [appeal.reference]
    assert event.changes["enterprises"] == [cast.enterprise.name]


def test_a_problem_raised_by_a_person_attending_is_their_appeal(cast):
    gathering = record(cast, problems=[RaisedProblem(problem(), person=cast.person)])
    (appeal,) = gathering.appeals.all()
    assert (appeal.person, appeal.enterprise) == (cast.person, None)


def test_a_planned_event_may_be_recorded_but_not_its_outcomes(cast):
    planned = datetime.date(2026, 5, 1)
    gathering = record(cast, held_on=planned)
    assert gathering.held_on == planned

    with pytest.raises(ValidationError) as refused:
        services.gathering_appeals_raise(actor=cast.owner, gathering=gathering, at=AT,
                                         problems=[RaisedProblem(problem(),
                                                                 enterprise=cast.enterprise)])
    assert "not been held yet" in str(refused.value)
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(("changes", "field"), [
    ({"ends_on": datetime.date(2026, 3, 19)}, "ends_on"),          # ends before it starts
    ({"attendees": 0}, "attendees"),                              # fewer than persons named
    ({"region": "370203"}, "region"),                             # Qingdao, outside the office
    ({"kind": "banquet"}, "kind"),
    ({"title": "  "}, "title"),
])
def test_bad_events_are_refused_and_nothing_is_written(cast, changes, field):
    if "region" in changes:
        changes["region"] = Region.objects.get(code=changes["region"])
    actor = cast.province if field == "region" else cast.owner
    with pytest.raises(ValidationError) as refused:
        record(cast, actor=actor, problems=[RaisedProblem(problem(), enterprise=cast.enterprise)],
               **changes)
    assert field in refused.value.message_dict
    assert nothing_written()


def test_the_outcomes_of_a_future_event_are_refused_with_the_event(cast):
    with pytest.raises(ValidationError) as refused:
        record(cast, held_on=datetime.date(2026, 4, 2),
               problems=[RaisedProblem(problem(), enterprise=cast.enterprise)])
    assert "problems" in refused.value.message_dict
    assert nothing_written()


def test_enterprises_and_persons_outside_the_jurisdiction_are_refused(cast):
    # The city office may see the neighbour county, the county office may not.
    with pytest.raises(ValidationError) as refused:
        record(cast, enterprises=[cast.enterprise, cast.foreign_enterprise])
    assert cast.foreign_enterprise.name in refused.value.message_dict["enterprises"][0]
    # An enterprise of Weifang at a county's event: outside the organising office's division.
    weifang = f.EnterpriseFactory(region_id="370702")
    with pytest.raises(ValidationError):
        record(cast, actor=cast.province, enterprises=[weifang])
    stranger = f.PersonFactory(region_id=NEIGHBOUR_COUNTY)
    with pytest.raises(ValidationError) as refused:
        record(cast, persons=[stranger])
    assert "persons" in refused.value.message_dict
    assert nothing_written()


def test_a_problem_must_come_from_someone_attending(cast):
    other = f.EnterpriseFactory(region_id=OWNER_COUNTY)
    with pytest.raises(ValidationError) as refused:
        record(cast, problems=[RaisedProblem(problem(), enterprise=other)])
    assert "not listed as attending" in str(refused.value)
    with pytest.raises(ValidationError):
        record(cast, problems=[RaisedProblem(problem(title=" "), enterprise=cast.enterprise)])
    assert nothing_written()


def test_outsiders_and_readers_may_not_record(cast):
    for actor in (cast.neighbour, cast.reader, cast.other_city):
        with pytest.raises(TransitionRefused):
            record(cast, actor=actor)
    assert nothing_written()


def test_the_place_must_lie_within_the_organising_office(cast):
    with pytest.raises(ValidationError) as refused:
        record(cast, actor=cast.city, region=Region.objects.get(code=NEIGHBOUR_COUNTY),
               enterprises=[], persons=[])
    assert "region" in refused.value.message_dict
    # The city office holds it in a county of its own: fine.
    gathering = record(cast, actor=cast.city, office=f.office_at(CITY),
                       region=Region.objects.get(code=NEIGHBOUR_COUNTY),
                       enterprises=[cast.foreign_enterprise], persons=[])
    assert gathering.office.region_id == CITY


def test_an_edit_is_version_checked_and_changes_attendance(cast):
    gathering = record(cast)
    other = f.EnterpriseFactory(region_id=OWNER_COUNTY)
    services.gathering_update(actor=cast.owner, gathering=gathering,
                              data={"attendees": 30, "title": "台商座谈会（扩大）"},
                              enterprises=[cast.enterprise, other], persons=[],
                              expected_version=1, at=AT)
    gathering.refresh_from_db()
    assert (gathering.attendees, gathering.version) == (30, 2)
    assert set(gathering.enterprises.all()) == {cast.enterprise, other}
    assert not gathering.persons.exists()
    with pytest.raises(services.StaleEdit):
        services.gathering_update(actor=cast.owner, gathering=gathering, data={"attendees": 5},
                                  enterprises=[], persons=[], expected_version=1, at=AT)
    gathering.refresh_from_db()
    assert gathering.attendees == 30


def test_an_event_with_outcomes_cannot_move_into_the_future(cast):
    gathering = record(cast, problems=[RaisedProblem(problem(), enterprise=cast.enterprise)])
    with pytest.raises(ValidationError) as refused:
        services.gathering_update(actor=cast.owner, gathering=gathering,
                                  data={"held_on": datetime.date(2026, 6, 1)},
                                  enterprises=[cast.enterprise], persons=[cast.person],
                                  expected_version=1, at=AT)
    assert "held_on" in refused.value.message_dict
    gathering.refresh_from_db()
    assert (gathering.held_on, gathering.version) == (HELD, 1)


def test_appeals_raised_later_from_the_event(cast):
    gathering = record(cast)
    appeals = services.gathering_appeals_raise(
        actor=cast.owner, gathering=gathering, at=AT,
        problems=[RaisedProblem(problem(), enterprise=cast.enterprise),
                  RaisedProblem(problem("子女入学"), person=cast.person)])
    assert {appeal.channel for appeal in appeals} == {Channel.SYMPOSIUM}
    assert set(gathering.appeals.all()) == set(appeals)
    with pytest.raises(TransitionRefused):
        services.gathering_appeals_raise(actor=cast.reader, gathering=gathering, at=AT,
                                         problems=[RaisedProblem(problem(),
                                                                 enterprise=cast.enterprise)])
    assert Appeal.objects.count() == 2


def test_a_campaign_event_lies_in_the_campaign(cast):
    from qinshang.testing.cast import build_campaign_cast

    campaign_cast = build_campaign_cast(cast)
    campaign, team = campaign_cast.campaign, campaign_cast.team
    city = Region.objects.get(code=CITY)
    base = {"office": f.office_at(CITY), "region": city, "team": team}
    with pytest.raises(ValidationError) as refused:
        services.gathering_record(actor=cast.city, data=facts(**base), enterprises=[],
                                  persons=[], at=AT)
    assert "held_on" in refused.value.message_dict  # outside the campaign's period
    gathering = services.gathering_record(
        actor=cast.city, data=facts(**base, held_on=campaign.starts_on), enterprises=[],
        persons=[], at=AT)
    assert gathering.campaign == campaign  # the team's


def test_a_project_signed_at_an_event_points_at_it(cast):
    fair = record(cast, kind=Kind.TRADE_FAIR, title="鲁台经贸洽谈会（测试）")
    project = services.gathering_project_record(
        actor=cast.owner, gathering=fair, at=AT,
        data={"name": "精密机械扩产项目", "investor": "台湾精机股份有限公司",
              "investor_origin": "710000", "region": Region.objects.get(code=OWNER_COUNTY),
              "industry": "34", "contracted_investment": Decimal("120000000.00"),
              "signed_on": HELD, "enterprise": None, "notes": ""})
    assert project.signing_event == fair
    assert list(fair.projects.all()) == [project]
    planned = record(cast, kind=Kind.FORUM, title="未来论坛", held_on=datetime.date(2026, 9, 1))
    with pytest.raises(ValidationError):
        services.gathering_project_record(
            actor=cast.owner, gathering=planned, at=AT,
            data={"name": "x", "investor": "y", "investor_origin": "710000",
                  "region": Region.objects.get(code=OWNER_COUNTY), "industry": "34",
                  "contracted_investment": Decimal("1"), "signed_on": HELD,
                  "enterprise": None, "notes": ""})
    assert not planned.projects.exists()
