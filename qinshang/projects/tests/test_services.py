"""The project services: a project signed and followed by the actor's office, each stage with
its rules (refused with a clear message and nothing written), partial funds adding up, the
stale edit, and the stalled flag of the tick (once, cleared by progress)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from qinshang.events.models import Event
from qinshang.gatherings.models import Gathering, Kind
from qinshang.notifications.models import Notification
from qinshang.offices.models import Office
from qinshang.projects import services
from qinshang.projects.models import Project, ProjectStage, StageKind
from qinshang.projects.tests.helpers import SIGNED, day, new_project, project_data, stage
from qinshang.projects.tick import months_before, projects_flag_stalled
from qinshang.regions.models import Region

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def rows() -> tuple:
    """Everything a refused write must leave as it was."""
    return (list(Project.objects.order_by("pk").values()),
            list(ProjectStage.objects.order_by("pk").values()),
            Event.objects.count(), Notification.objects.count())


def refused(call, field: str | None, words: str) -> None:
    before = rows()
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        call()
    error = caught.value
    messages = (error.message_dict.get(field, []) if field and hasattr(error, "error_dict")
                else error.messages)
    assert any(words in message for message in messages), error.messages
    assert rows() == before


def test_a_project_is_followed_by_the_actors_office_and_logged(cast):
    project = new_project(cast.owner)

    assert project.office == Office.objects.get(region_id="370102")
    assert (project.funds_arrived, project.last_progress_on) == (Decimal("0"), SIGNED)
    event = Event.objects.get(verb="project.created")
    assert event.target_id == str(project.pk) and event.region_code == "370102"
    # The city officer files a project in a county: the city office follows it.
    city_project = new_project(cast.city, region=Region.objects.get(code="370103"))
    assert city_project.office.region_id == "370100"


def test_a_project_is_signed_at_a_trade_fair_forum_or_delegation_only(cast):
    office = Office.objects.get(region_id="370102")
    fair = Gathering.objects.create(kind=Kind.TRADE_FAIR, title="鲁台经贸洽谈会", office=office,
                                    region_id="370102", held_on=SIGNED)
    symposium = Gathering.objects.create(kind=Kind.SYMPOSIUM, title="台商座谈会",
                                         office=office, region_id="370102", held_on=SIGNED)
    assert new_project(cast.owner, signing_event=fair).signing_event == fair
    refused(lambda: new_project(cast.owner, signing_event=symposium), "signing_event",
            "trade fairs, forums and delegations")


@pytest.mark.parametrize("amount", ["-1", "0"])
def test_a_contracted_investment_not_above_zero_is_refused(cast, amount):
    refused(lambda: new_project(cast.owner, contracted_investment=Decimal(amount)),
            "contracted_investment", "more than zero")


def test_a_signing_date_in_the_future_is_refused(cast):
    refused(lambda: new_project(cast.owner, signed_on=datetime.date.today()
                                + datetime.timedelta(days=2)),
            "signed_on", "future")


def test_an_enterprise_outside_the_jurisdiction_is_refused(cast):
    refused(lambda: new_project(cast.owner, enterprise=cast.foreign_enterprise), "enterprise",
            "outside your jurisdiction")
    project = new_project(cast.owner)
    refused(lambda: stage(cast.owner, project, StageKind.REGISTERED, day(4),
                          enterprise=cast.foreign_enterprise),
            "enterprise", "outside your jurisdiction")


def test_a_division_outside_the_jurisdiction_is_refused(cast):
    refused(lambda: new_project(cast.owner, region=Region.objects.get(code="370103")),
            "region", "jurisdiction")


def test_partial_funds_add_up_and_each_stage_is_logged(cast):
    project = new_project(cast.owner)
    stage(cast.owner, project, StageKind.REGISTERED, day(3, 20), enterprise=cast.enterprise)
    stage(cast.owner, project, StageKind.FUNDS, day(4), "3000000.00")
    stage(cast.owner, project, StageKind.FUNDS, day(6), "1500000.50")
    stage(cast.owner, project, StageKind.CONSTRUCTION, day(7))
    stage(cast.owner, project, StageKind.PRODUCTION, day(10))

    project.refresh_from_db()
    assert project.funds_arrived == Decimal("4500000.50")
    assert (project.registered_on, project.construction_started_on,
            project.production_started_on, project.last_progress_on) == (
        day(3, 20), day(7), day(10), day(10))
    assert project.enterprise == cast.enterprise
    assert list(project.stages.values_list("kind", flat=True)) == [
        "registered", "funds", "funds", "construction", "production"]
    assert Event.objects.filter(target_id=str(project.pk), verb__startswith="project.") \
        .exclude(verb="project.created").count() == 5


def test_stage_rules_are_refused_with_nothing_written(cast):
    project = new_project(cast.owner)
    future = datetime.date.today() + datetime.timedelta(days=1)
    refused(lambda: stage(cast.owner, project, StageKind.FUNDS, day(4), "-5"), "amount",
            "more than zero")
    refused(lambda: stage(cast.owner, project, StageKind.FUNDS, day(4), "0"), "amount",
            "more than zero")
    refused(lambda: stage(cast.owner, project, StageKind.FUNDS, day(4)), "amount", "number")
    refused(lambda: stage(cast.owner, project, StageKind.FUNDS, day(2, 1), "100"),
            "happened_on", "signed on 2025-03-01")
    refused(lambda: stage(cast.owner, project, StageKind.CONSTRUCTION, day(2, 28)),
            "happened_on", "cannot come before")
    refused(lambda: stage(cast.owner, project, StageKind.FUNDS, future, "100"), "happened_on",
            "future")
    refused(lambda: stage(cast.owner, project, StageKind.PRODUCTION, day(5)), "kind",
            "construction before")
    stage(cast.owner, project, StageKind.CONSTRUCTION, day(5))
    refused(lambda: stage(cast.owner, project, StageKind.CONSTRUCTION, day(6)), "kind",
            "already recorded")
    refused(lambda: stage(cast.owner, project, StageKind.PRODUCTION, day(4)), "happened_on",
            "production cannot start before")
    refused(lambda: stage(cast.owner, project, StageKind.CONSTRUCTION, day(6), "10"),
            "amount", "Only an arrival of funds")
    stage(cast.owner, project, StageKind.CANCELLED, day(8))
    refused(lambda: stage(cast.owner, project, StageKind.FUNDS, day(9), "100"), None,
            "cancelled on 2025-08-01")
    refused(lambda: stage(cast.owner, project, StageKind.CANCELLED, day(9)), None,
            "cancelled on 2025-08-01")


def test_a_reader_or_outsider_may_not_record_a_stage(cast):
    from qinshang.appeals.workflow import TransitionRefused

    project = new_project(cast.owner)
    for user in (cast.reader, cast.neighbour):
        with pytest.raises(TransitionRefused):
            stage(user, project, StageKind.FUNDS, day(4), "100")
    assert not ProjectStage.objects.exists()


def test_a_stale_edit_is_refused(cast):
    project = new_project(cast.owner)
    services.project_update(actor=cast.owner, project=project,
                            data=project_data(name="扩产二期"), version=1)
    before = rows()
    with pytest.raises(services.StaleEdit):
        services.project_update(actor=cast.city, project=project,
                                data=project_data(name="别的名字"), version=1)
    assert rows() == before
    assert Project.objects.get().name == "扩产二期"


def test_the_signing_date_cannot_move_after_a_stage(cast):
    project = new_project(cast.owner)
    stage(cast.owner, project, StageKind.FUNDS, day(4), "100")
    refused(lambda: services.project_update(actor=cast.owner, project=project,
                                            data=project_data(signed_on=day(5)),
                                            version=project.version),
            "signed_on", "2025-04-01")


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)


def test_a_project_without_progress_is_flagged_stalled_once(cast, settings):
    settings.QINSHANG_PROJECT_STALL_MONTHS = 6
    quiet = new_project(cast.owner)                          # signed 2025-03-01, nothing since
    moving = new_project(cast.owner, name="在建项目")
    stage(cast.owner, moving, StageKind.FUNDS, day(9), "100")
    producing = new_project(cast.owner, name="已投产项目")
    stage(cast.owner, producing, StageKind.CONSTRUCTION, day(3, 5))
    stage(cast.owner, producing, StageKind.PRODUCTION, day(3, 9))
    now = datetime.datetime(2025, 12, 1, 9, tzinfo=TZ)

    assert projects_flag_stalled(now) == 1
    assert projects_flag_stalled(now) == 0                   # once
    quiet.refresh_from_db()
    assert quiet.stalled_since == datetime.date(2025, 12, 1)
    assert list(quiet.stages.values_list("kind", flat=True)) == ["stalled"]
    assert set(Notification.objects.filter(verb="project.stalled")
               .values_list("recipient__username", flat=True)) == {"owner"}

    # Progress clears the flag; a new stall flags it again.
    stage(cast.owner, quiet, StageKind.FUNDS, day(12, 1), "100")
    quiet.refresh_from_db()
    assert quiet.stalled_since is None
    assert projects_flag_stalled(datetime.datetime(2026, 6, 2, 9, tzinfo=TZ)) == 2


def test_the_tick_command_reports_the_stalled_projects(cast):
    new_project(cast.owner)
    first, second = io.StringIO(), io.StringIO()
    call_command("tick", "--now", "2025-12-01T09:00", stdout=first)
    call_command("tick", "--now", "2025-12-01T09:10", stdout=second)
    assert "projects flagged stalled: 1" in first.getvalue().splitlines()
    assert "projects flagged stalled: 0" in second.getvalue().splitlines()

