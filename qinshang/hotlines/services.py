"""Every write of the hotlines: the lines and their hours, the calls they take (a call may become
an appeal of channel hotline in the same step), test-call rounds and test calls."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.access import may_place
from qinshang.appeals.models import Channel
from qinshang.appeals.services import Problem, appeals_raise, problems_check
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.errors import StaleEdit
from qinshang.enterprises.models import Enterprise, Person
from qinshang.events.services import event_record, snapshot, timeline_key
from qinshang.hotlines.models import (
    SCORES,
    Call,
    CallOutcome,
    Hotline,
    OpeningHours,
    TestCall,
    TestCallRound,
)
from qinshang.offices.models import Office

HOTLINE_FIELDS = ("number", "purpose", "always_open", "starts_on", "status")
CALL_FIELDS = ("received_at", "caller_name", "caller_phone", "topic", "summary", "outcome")
ROUND_FIELDS = ("name", "starts_on", "ends_on")
TEST_CALL_FIELDS = ("called_at", "answered", "seconds_to_answer", *SCORES, "notes")


@dataclass(frozen=True)
class Hours:
    weekday: int
    opens: datetime.time
    closes: datetime.time


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _check_writer_at(actor, region_code: str, message: str) -> None:
    if not may_place(actor, region_code):
        raise TransitionRefused(message)


def _check_hours(always_open: bool, hours: Sequence[Hours]) -> list[OpeningHours]:
    if always_open:
        return []
    if not hours:
        raise ValidationError({"always_open": _(
            "A line that is not open 24 hours needs its weekly hours.")})
    rows = [OpeningHours(weekday=row.weekday, opens=row.opens, closes=row.closes)
            for row in hours]
    for row in rows:
        if row.closes <= row.opens:
            raise ValidationError({"hours": _("On %(day)s the line closes before it opens.")
                                   % {"day": row.get_weekday_display()}})
    by_day = sorted(rows, key=lambda row: (row.weekday, row.opens))
    for earlier, later in itertools.pairwise(by_day):
        if earlier.weekday == later.weekday and later.opens < earlier.closes:
            raise ValidationError({"hours": _("The hours given for %(day)s overlap.")
                                   % {"day": later.get_weekday_display()}})
    return rows


def _save_hours(hotline: Hotline, rows: list[OpeningHours]) -> None:
    hotline.hours.all().delete()
    for row in rows:
        row.hotline = hotline
    OpeningHours.objects.bulk_create(rows)


def _hours_text(rows: list[OpeningHours]) -> list[str]:
    return [str(row) for row in rows]


@transaction.atomic
def hotline_create(*, actor, office: Office, data: Mapping[str, Any], hours: Sequence[Hours] = (),
                   at: datetime.datetime | None = None) -> Hotline:
    _check_writer_at(actor, office.region_id,
                     _("You may list hotlines only for offices in your jurisdiction."))
    hotline = Hotline(office=office, region_id=office.region_id, created_at=_now(at),
                      **{name: data[name] for name in HOTLINE_FIELDS if name in data})
    hotline.full_clean(exclude=["office", "region"])
    rows = _check_hours(hotline.always_open, hours)
    hotline.save()
    _save_hours(hotline, rows)
    event_record(actor=actor, verb="hotline.created", target=hotline,
                 region_code=hotline.region_id,
                 changes={**snapshot(hotline, HOTLINE_FIELDS), "office": str(office),
                          "hours": _hours_text(rows)}, at=at)
    return hotline


@transaction.atomic
def hotline_update(*, actor, hotline: Hotline, data: Mapping[str, Any],
                   hours: Sequence[Hours] = (), expected_version: int | None = None,
                   at: datetime.datetime | None = None) -> Hotline:
    _check_writer_at(actor, hotline.region_id,
                     _("You may change hotlines only in your jurisdiction."))
    Hotline.objects.select_for_update().filter(pk=hotline.pk).values_list("pk").get()
    hotline.refresh_from_db()
    if expected_version is not None and hotline.version != expected_version:
        raise StaleEdit(_("Someone else changed this line after you opened it. Reload the page "
                          "to see their change, then make yours again."))
    before = {**snapshot(hotline, HOTLINE_FIELDS),
              "hours": _hours_text(list(hotline.hours.all()))}
    for name in HOTLINE_FIELDS:
        if name in data:
            setattr(hotline, name, data[name])
    hotline.full_clean(exclude=["office", "region"])
    rows = _check_hours(hotline.always_open, hours)
    after = {**snapshot(hotline, HOTLINE_FIELDS), "hours": _hours_text(rows)}
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if not changed:
        return hotline
    hotline.version += 1
    hotline.save()
    _save_hours(hotline, rows)
    event_record(actor=actor, verb="hotline.updated", target=hotline,
                 region_code=hotline.region_id, changes=changed, at=at)
    return hotline


@transaction.atomic
def call_record(*, actor, hotline: Hotline, data: Mapping[str, Any],
                enterprise: Enterprise | None = None, person: Person | None = None,
                problem: Problem | None = None, at: datetime.datetime | None = None) -> Call:
    """Log a call taken on the line; with a problem, the call becomes an appeal (channel
    hotline) of the enterprise or person who called, in the same transaction."""
    _check_writer_at(actor, hotline.region_id,
                     _("You may log calls only on the lines of your jurisdiction."))
    call = Call(hotline=hotline, region_id=hotline.region_id, enterprise=enterprise,
                person=person, taken_by=actor, recorded_by=actor, recorded_at=_now(at),
                **{name: data[name] for name in CALL_FIELDS if name in data})
    if problem is not None:
        call.outcome = CallOutcome.APPEAL
    call.full_clean(exclude=["hotline", "region", "enterprise", "person", "taken_by",
                             "recorded_by", "appeal"])
    if call.received_at > _now(at):
        raise ValidationError({"received_at": _("A call cannot be dated in the future.")})
    if problem is not None:
        problems_check([problem])
        if enterprise is None and person is None:
            raise ValidationError({"enterprise": _(
                "To take the call in as an appeal, name the enterprise or person who called.")})
        call.appeal, = appeals_raise(actor=actor, problems=[problem], channel=Channel.HOTLINE,
                                     enterprise=enterprise, person=person, at=at)
    elif call.outcome == CallOutcome.APPEAL:
        raise ValidationError({"outcome": _("Describe the problem to take in as an appeal.")})
    call.save()
    event_record(actor=actor, verb="hotline.call_logged", target=call,
                 timeline=timeline_key(enterprise) if enterprise else "",
                 region_code=call.region_id,
                 changes={**snapshot(call, CALL_FIELDS), "hotline": hotline.number,
                          "appeal": call.appeal.reference if call.appeal else ""}, at=at)
    return call


@transaction.atomic
def round_create(*, actor, office: Office, data: Mapping[str, Any], hotlines: Sequence[Hotline],
                 at: datetime.datetime | None = None) -> TestCallRound:
    """Set up a round and fix the lines it is to call: lines within the office's division."""
    _check_writer_at(actor, office.region_id,
                     _("You may set up test-call rounds only for offices in your "
                       "jurisdiction."))
    test_round = TestCallRound(office=office, scope_id=office.region_id, created_by=actor,
                               created_at=_now(at),
                               **{name: data[name] for name in ROUND_FIELDS if name in data})
    test_round.full_clean(exclude=["office", "scope", "created_by"])
    if not hotlines:
        raise ValidationError({"hotlines": _("Choose the lines the round is to call.")})
    outside = [line.number for line in hotlines if not office.region.contains(line.region_id)]
    if outside:
        raise ValidationError({"hotlines": _("These lines are outside %(office)s's division: "
                                             "%(numbers)s.") % {"office": office,
                                                                "numbers": ", ".join(outside)}})
    test_round.save()
    test_round.hotlines.set(hotlines)
    event_record(actor=actor, verb="hotline.round_created", target=test_round,
                 region_code=test_round.scope_id,
                 changes={**snapshot(test_round, ROUND_FIELDS), "lines": len(hotlines)}, at=at)
    return test_round


@transaction.atomic
def test_call_record(*, actor, hotline: Hotline, data: Mapping[str, Any],
                     test_round: TestCallRound | None = None,
                     at: datetime.datetime | None = None) -> TestCall:
    """Record a test call. Whether the line was due to be staffed at that time is fixed now,
    from its stated hours: a call outside them is kept but not counted against the line."""
    scope = test_round.scope_id if test_round is not None else hotline.region_id
    _check_writer_at(actor, scope, _("You may record test calls only in your jurisdiction."))
    call = TestCall(hotline=hotline, round=test_round, region_id=hotline.region_id,
                    inspector=actor, recorded_by=actor, recorded_at=_now(at),
                    **{name: data[name] for name in TEST_CALL_FIELDS if name in data})
    call.full_clean(exclude=["hotline", "round", "region", "inspector", "recorded_by"])
    if call.called_at > _now(at):
        raise ValidationError({"called_at": _("A test call cannot be dated in the future.")})
    if test_round is not None:
        _check_in_round(test_round, hotline, call.called_at)
    call.within_hours = hotline.open_at(call.called_at)
    call.save()
    event_record(actor=actor, verb="hotline.test_called", target=call,
                 region_code=call.region_id,
                 changes={**snapshot(call, TEST_CALL_FIELDS), "hotline": hotline.number,
                          "within_hours": call.within_hours}, at=at)
    return call


def _check_in_round(test_round: TestCallRound, hotline: Hotline,
                    called_at: datetime.datetime) -> None:
    if not test_round.hotlines.filter(pk=hotline.pk).exists():
        raise ValidationError({"hotline": _("This line is not among the round's lines.")})
    day = timezone.localdate(called_at)
    if not test_round.starts_on <= day <= test_round.ends_on:
        raise ValidationError({"called_at": _(
            "The round runs from %(start)s to %(end)s.") % {"start": test_round.starts_on,
                                                           "end": test_round.ends_on}})
