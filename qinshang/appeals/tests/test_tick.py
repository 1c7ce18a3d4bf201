"""``qinshang tick``: overdue marks, supervision by the office above, notifications and their
email copies, on a hand-built set of appeals at fixed past times."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qinshang.accounts.models import Role, User
from qinshang.appeals import services
from qinshang.appeals.models import Appeal, Category, Outcome, State
from qinshang.appeals.tick import appeals_tick
from qinshang.events.models import Event
from qinshang.notifications.models import Notification
from qinshang.notifications.services import notify
from qinshang.testing import factories as f

TZ = ZoneInfo("Asia/Shanghai")
START = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=TZ)   # a Monday; answer due 15 days on
NOW = datetime.datetime(2025, 4, 2, 10, 0, tzinfo=TZ)    # the time the tick runs
LATER = NOW + datetime.timedelta(minutes=10)             # the timer's next run


@dataclass
class Appeals:
    answer_late: Appeal         # in progress at the lead department, answer deadline passed
    contact_late: Appeal        # nobody called the appellant back; answer deadline still ahead
    contacted: Appeal           # called back in time, answer deadline ahead
    fresh: Appeal               # registered this morning: nothing has passed yet
    answered_late: Appeal       # answered after its deadline: done, not the tick's business
    already_supervised: Appeal  # the city office supervises it already
    province_owned: Appeal      # no county or city office: the province office owns it


def register(actor, enterprise, at: datetime.datetime, title: str) -> Appeal:
    return services.appeal_register(actor=actor, enterprise=enterprise, at=at, data={
        "kind": "request", "channel": "visit", "category": Category.objects.get(code="land"),
        "title": title, "description": f"{title}，请协调办理"})


def in_progress(cast, title: str) -> Appeal:
    """Registered at START, assessed, assigned to the Jinan commerce department and accepted."""
    appeal = register(cast.owner, cast.enterprise, START, title)
    appeal = services.appeal_assess(actor=cast.owner, appeal=appeal, category=appeal.category,
                                    priority="normal", plan="协调商务局", at=START)
    appeal = services.appeal_assign(actor=cast.owner, appeal=appeal, at=START,
                                    lead=cast.department.memberships.get().department)
    return services.appeal_accept(actor=cast.department, appeal=appeal,
                                  at=START + datetime.timedelta(hours=2))


@pytest.fixture
def appeals(cast) -> Appeals:
    cast.owner.email = "owner@lixia.example.cn"
    cast.city.email = "city@jinan.example.cn"
    User.objects.bulk_update([cast.owner, cast.city], ["email"])
    contacted = register(cast.owner, cast.enterprise,
                         datetime.datetime(2025, 3, 28, 9, 0, tzinfo=TZ), "子女入学")
    contacted = services.appeal_contact(actor=cast.owner, appeal=contacted,
                                        at=datetime.datetime(2025, 3, 28, 11, 0, tzinfo=TZ))
    answered_late = in_progress(cast, "用工招聘")
    answered_late = services.appeal_answer(
        actor=cast.department, appeal=answered_late, outcome=Outcome.RESOLVED, reply="已办结",
        at=datetime.datetime(2025, 3, 28, 16, 0, tzinfo=TZ))
    already_supervised = in_progress(cast, "融资担保")
    already_supervised = services.appeal_supervise(
        actor=cast.city, appeal=already_supervised, reason="企业多次反映",
        at=datetime.datetime(2025, 3, 10, 9, 0, tzinfo=TZ))
    qingdao = f.EnterpriseFactory(region_id="370202", name="青岛台资食品有限公司")
    built = Appeals(
        answer_late=in_progress(cast, "厂房用地审批"),
        contact_late=register(cast.owner, cast.enterprise,
                              datetime.datetime(2025, 3, 31, 9, 0, tzinfo=TZ), "物流通关"),
        contacted=contacted,
        fresh=register(cast.owner, cast.enterprise,
                       datetime.datetime(2025, 4, 2, 8, 0, tzinfo=TZ), "税费减免"),
        answered_late=answered_late,
        already_supervised=already_supervised,
        province_owned=register(cast.province, qingdao, START, "冷链仓储"),
    )
    # The set is what its names say, at NOW.
    assert built.answer_late.answer_due < NOW
    assert built.contact_late.contact_due < NOW < built.contact_late.answer_due
    assert built.contacted.contact_due < NOW < built.contacted.answer_due
    assert built.fresh.contact_due > NOW
    assert built.answered_late.answered_on_time is False
    assert built.province_owned.office.region_id == "370000"
    assert built.province_owned.answer_due < NOW
    return built


def fresh(appeal: Appeal) -> Appeal:
    return Appeal.objects.get(pk=appeal.pk)


def told(verb: str, appeal: Appeal) -> set[str]:
    """Usernames of the people notified of ``verb`` on ``appeal``."""
    rows = Notification.objects.filter(verb=verb, target_id=str(appeal.pk))
    usernames = [row.recipient.username for row in rows.select_related("recipient")]
    assert len(usernames) == len(set(usernames)), "someone was told twice"
    return set(usernames)


def events(verb: str, appeal: Appeal) -> list[Event]:
    return list(Event.objects.filter(verb=verb, target_id=str(appeal.pk)))


def test_marks_overdue_and_supervises_exactly_the_right_appeals(appeals, cast):
    # given the hand-built set, when the tick runs at NOW
    report = appeals_tick(now=NOW)
    # then the two appeals past a limit and the two past their answer deadline are overdue
    overdue = {name for name, appeal in vars(appeals).items() if fresh(appeal).overdue_at}
    assert overdue == {"answer_late", "contact_late", "already_supervised", "province_owned"}
    assert all(fresh(getattr(appeals, name)).overdue_at == NOW for name in overdue)
    # and only the county appeal whose answer deadline passed comes under the city's supervision
    late = fresh(appeals.answer_late)
    assert (late.supervised, late.supervised_by.region_id, late.supervised_at) == (
        True, "370100", NOW)
    assert not fresh(appeals.contact_late).supervised
    assert not fresh(appeals.province_owned).supervised
    # the one supervised earlier keeps the supervision it had
    kept = fresh(appeals.already_supervised)
    assert kept.supervised_at == datetime.datetime(2025, 3, 10, 9, 0, tzinfo=TZ)
    assert report.marked_overdue == 4
    assert report.supervised == 1


def test_records_one_event_naming_the_limit_that_passed(appeals):
    appeals_tick(now=NOW)
    [by_answer] = events("appeal.overdue", appeals.answer_late)
    [by_contact] = events("appeal.overdue", appeals.contact_late)
    assert set(by_answer.changes) == {"answer_due"}
    assert set(by_contact.changes) == {"contact_due"}
    assert by_answer.actor is None and by_answer.at == NOW
    assert by_answer.region_code == appeals.answer_late.region_id
    [supervised] = events("appeal.supervised", appeals.answer_late)
    assert supervised.actor is None
    assert supervised.note  # says the answer deadline passed
    assert events("appeal.supervised", appeals.province_owned) == []
    for appeal in (appeals.contacted, appeals.fresh, appeals.answered_late):
        assert events("appeal.overdue", appeal) == []


def test_the_version_moves_so_an_open_form_cannot_overwrite_the_tick(appeals, cast):
    # given the liaison opened the appeal's page before the timer ran
    opened = fresh(appeals.answer_late).version
    appeals_tick(now=NOW)
    assert fresh(appeals.answer_late).version == opened + 1
    assert fresh(appeals.contacted).version == appeals.contacted.version
    # then their note, sent with the version they saw, is refused as stale, nothing lost
    with pytest.raises(services.StaleEdit):
        services.appeal_note(actor=cast.department, appeal=appeals.answer_late, text="已催办",
                             expected_version=opened)
    assert fresh(appeals.answer_late).supervised


def test_running_twice_changes_nothing_the_second_time(appeals):
    appeals_tick(now=NOW)
    marks = {appeal.pk: (appeal.overdue_at, appeal.supervised_at, appeal.version)
             for appeal in Appeal.objects.all()}
    counts = (Event.objects.count(), Notification.objects.count())
    # when the timer runs again ten minutes later
    report = appeals_tick(now=LATER)
    # then nothing more is marked, recorded or notified
    assert (report.marked_overdue, report.supervised, report.notifications) == (0, 0, 0)
    assert {appeal.pk: (appeal.overdue_at, appeal.supervised_at, appeal.version)
            for appeal in Appeal.objects.all()} == marks
    assert (Event.objects.count(), Notification.objects.count()) == counts


def test_a_run_with_nothing_to_do_costs_one_query_per_condition(appeals):
    appeals_tick(now=NOW)
    with CaptureQueriesContext(connection) as captured:
        appeals_tick(now=LATER)
    # answer deadline passed, contact deadline passed, due for supervision: nothing loaded
    assert len(captured) == 3


def test_notifies_the_owning_office_the_lead_department_and_the_supervisor(appeals, cast):
    report = appeals_tick(now=NOW)
    # officers (not the read-only leader) and the lead department's liaison
    assert told("appeal.overdue", appeals.answer_late) == {"owner", "department"}
    assert told("appeal.supervised", appeals.answer_late) == {"owner", "department", "city"}
    assert told("appeal.overdue", appeals.contact_late) == {"owner"}
    assert told("appeal.overdue", appeals.province_owned) == {"province"}
    # the earlier supervision notified the county; the tick adds only the overdue notice
    assert told("appeal.overdue", appeals.already_supervised) == {"owner", "department"}
    assert report.notifications == 2 + 3 + 1 + 1 + 2
    # each notification leads to the appeal's staff page and says which deadline passed
    notice = Notification.objects.get(verb="appeal.overdue", recipient=cast.owner,
                                      target_id=str(appeals.contact_late.pk))
    assert notice.link == f"/appeals/{appeals.contact_late.pk}/"
    assert "2025-04-01" in notice.note  # the end of the next working day after 3/31


def test_an_appeal_answered_before_the_tick_is_left_alone(appeals, cast):
    # the department answers after the deadline but before the timer comes round
    services.appeal_answer(actor=cast.department, appeal=fresh(appeals.answer_late),
                           outcome=Outcome.PLANNED, reply="已列入计划",
                           at=NOW - datetime.timedelta(minutes=5))
    appeals_tick(now=NOW)
    late = fresh(appeals.answer_late)
    assert late.state == State.ANSWERED
    assert (late.overdue_at, late.supervised) == (None, False)
    assert told("appeal.overdue", late) == set()


def test_a_contact_late_appeal_is_supervised_once_its_answer_deadline_passes(appeals):
    appeals_tick(now=NOW)
    contact_late = fresh(appeals.contact_late)
    marked_at = contact_late.overdue_at
    # when the answer deadline passes too
    report = appeals_tick(now=contact_late.answer_due + datetime.timedelta(hours=1))
    contact_late = fresh(contact_late)
    # then it comes under supervision, still with one overdue mark and one overdue event
    assert contact_late.supervised and contact_late.supervised_by.region_id == "370100"
    assert contact_late.overdue_at == marked_at
    assert len(events("appeal.overdue", contact_late)) == 1
    assert len(events("appeal.supervised", contact_late)) == 1
    assert report.supervised >= 1


# --- email ---------------------------------------------------------------------------------------

def test_emails_go_to_the_recipients_with_an_address(appeals, settings, mailoutbox):
    settings.QINSHANG_EMAIL_ENABLED = True
    report = appeals_tick(now=NOW)
    # owner: three notices (two appeals overdue, one supervised, one more overdue); city: one;
    # the department liaison and the province officer have no address
    addressed = sorted(message.to[0] for message in mailoutbox)
    assert addressed == ["city@jinan.example.cn"] + ["owner@lixia.example.cn"] * 4
    assert report.emails_sent == 5
    supervised = next(m for m in mailoutbox if m.to == ["city@jinan.example.cn"])
    assert appeals.answer_late.reference in supervised.subject
    assert f"{settings.QINSHANG_SITE_URL}/appeals/{appeals.answer_late.pk}/" in supervised.body
    # and the next run sends nothing again
    assert appeals_tick(now=LATER).emails_sent == 0
    assert len(mailoutbox) == 5


def test_no_email_when_email_is_not_configured(appeals, settings, mailoutbox):
    settings.QINSHANG_EMAIL_ENABLED = False
    report = appeals_tick(now=NOW)
    assert report.notifications > 0
    assert (report.emails_sent, mailoutbox) == (0, [])
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()


class RefusingMailServer(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_a_failed_email_is_sent_at_a_later_tick(appeals, settings, mailoutbox):
    settings.QINSHANG_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    earlier = list(Notification.objects.values_list("pk", flat=True))
    # given the mail server is down while the tick runs
    report = appeals_tick(now=NOW)
    assert report.emails_sent == 0
    assert report.notifications > 0
    # when it is back for the next run, ten minutes later by the clock
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.exclude(pk__in=earlier).update(
        at=timezone.now() - datetime.timedelta(minutes=10))
    report = appeals_tick(now=LATER)
    # then the copies owed go out, once
    assert report.emails_sent == len(mailoutbox) == 5
    assert appeals_tick(now=LATER).emails_sent == 0


def test_an_old_unsent_notification_is_not_emailed_days_later(cast, settings, mailoutbox):
    cast.owner.email = "owner@lixia.example.cn"
    cast.owner.save()
    stale, recent = (notify(recipients=[cast.owner], verb="appeal.registered",
                            target=cast.enterprise, link="/")[0] for _ in range(2))
    Notification.objects.filter(pk=stale.pk).update(
        at=timezone.now() - datetime.timedelta(days=4))
    Notification.objects.filter(pk=recent.pk).update(
        at=timezone.now() - datetime.timedelta(hours=1))
    settings.QINSHANG_EMAIL_ENABLED = True
    assert appeals_tick(now=NOW).emails_sent == 1
    assert Notification.objects.get(pk=recent.pk).emailed_at is not None
    assert Notification.objects.get(pk=stale.pk).emailed_at is None


# --- the command ---------------------------------------------------------------------------------

def test_the_command_prints_one_line_per_figure(appeals):
    out = io.StringIO()
    call_command("tick", now="2025-04-02T10:00+08:00", stdout=out)
    assert out.getvalue().splitlines() == [
        "appeals marked overdue: 4", "appeals put under supervision: 1",
        "overdue liaison duties notified: 0", "projects flagged stalled: 0",
        "notifications created: 9", "emails sent: 0"]
    assert fresh(appeals.answer_late).overdue_at == NOW


def test_the_command_takes_a_time_without_offset_in_the_local_zone(appeals):
    call_command("tick", now="2025-04-02T10:00", stdout=io.StringIO())
    assert fresh(appeals.contact_late).overdue_at == NOW


def test_the_command_refuses_a_bad_time():
    with pytest.raises(CommandError, match="not an ISO date"):
        call_command("tick", now="2 April", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_command_runs_on_an_empty_database():
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "appeals marked overdue: 0" in out.getvalue()


def test_the_leader_is_not_told(appeals, cast):
    # leaders read; the officers and administrators act on a passed deadline
    f.member("admin", Role.ADMIN, office=cast.owner.memberships.get().office)
    appeals_tick(now=NOW)
    assert told("appeal.overdue", appeals.contact_late) == {"owner", "admin"}
