"""Overdue liaison duties in ``qinshang tick``: the member of staff is told once per missed due
date, never about a kept duty, and again after a later miss."""

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.management import call_command

from qinshang.liaison import services
from qinshang.liaison.services import CounterpartChoice
from qinshang.liaison.tick import duties_tick
from qinshang.notifications.models import Notification
from qinshang.testing import factories as f
from qinshang.testing.cast import OWNER_COUNTY

TZ = ZoneInfo("Asia/Shanghai")
START = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=TZ)


def _plan(cast, staff, method):
    return services.plan_create(
        actor=cast.owner, office=f.office_at(OWNER_COUNTY), staff=staff, at=START,
        counterpart=CounterpartChoice(enterprise=cast.enterprise),
        data={"interval": "monthly", "method": method, "purpose": "走访",
              "starts_on": START.date()})


def test_an_overdue_duty_is_told_once_per_missed_due_date(cast):
    late = _plan(cast, cast.reader, "visit")
    kept = _plan(cast, cast.owner, "phone")
    services.contact_record(actor=cast.owner, staff=cast.owner, at=START,
                            counterpart=CounterpartChoice(enterprise=cast.enterprise),
                            data={"contacted_on": START.date(), "method": "phone",
                                  "content": "电话回访"})

    assert duties_tick(now=datetime.datetime(2026, 2, 5, 8, 0, tzinfo=TZ)) == 0  # due today
    assert duties_tick(now=datetime.datetime(2026, 2, 6, 8, 0, tzinfo=TZ)) == 2
    notices = Notification.objects.filter(verb="liaison.overdue")
    assert {(row.recipient, row.target_id) for row in notices} == {
        (cast.reader, str(late.pk)), (cast.owner, str(kept.pk))}
    assert "2026-02-05" in notices.get(recipient=cast.reader).note
    assert duties_tick(now=datetime.datetime(2026, 2, 6, 8, 10, tzinfo=TZ)) == 0

    services.contact_record(actor=cast.reader, staff=cast.reader, at=START.replace(month=2, day=9),
                            counterpart=CounterpartChoice(enterprise=cast.enterprise),
                            data={"contacted_on": datetime.date(2026, 2, 9), "method": "visit",
                                  "content": "走访"})
    # The leader's duty is kept again until 9 March; missing that is a new due date, told once
    # more. The owner's duty is still the one missed on 5 February: not told again.
    assert duties_tick(now=datetime.datetime(2026, 3, 9, 8, 0, tzinfo=TZ)) == 0
    assert duties_tick(now=datetime.datetime(2026, 3, 10, 8, 0, tzinfo=TZ)) == 1
    assert notices.filter(recipient=cast.reader).count() == 2
    assert notices.filter(recipient=cast.owner).count() == 1


def test_the_tick_command_reports_the_duties_it_told(cast):
    _plan(cast, cast.reader, "visit")
    out = io.StringIO()
    call_command("tick", "--now", "2026-03-01T09:00", stdout=out)
    assert "overdue liaison duties notified: 1" in out.getvalue()
    out = io.StringIO()
    call_command("tick", "--now", "2026-03-01T09:10", stdout=out)
    assert "overdue liaison duties notified: 0" in out.getvalue()
