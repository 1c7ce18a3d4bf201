"""Every write of events (座谈会, 圆桌恳谈会, 联谊会 …): recording one with who attended, editing
it, and the outcomes recorded from its page: appeals raised there (channel symposium). Projects
signed at an event are written by ``qinshang.projects.services.project_create`` with the event
as ``signing_event``.

Rules (each refused with a message beside its field, nothing written):
- the place (division) lies within the organising office's division and the actor may write
  there; the enterprises and persons attending lie within the office's division and the actor's
  jurisdiction;
- an event does not end before it starts; the number of attendees is at least the persons
  named;
- an event may be planned (dated in the future), but its outcomes can only be recorded once it
  has been held, and an event with outcomes cannot be moved into the future;
- a campaign's event lies within the campaign's period and scope, is recorded while the
  campaign runs, and its visiting team is one of that campaign's.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.access import may_place, principal_of
from qinshang.appeals.models import Appeal, Channel
from qinshang.appeals.services import Problem, appeals_raise, problems_check
from qinshang.appeals.workflow import TransitionRefused
from qinshang.campaigns.models import CampaignState
from qinshang.core.errors import StaleEdit
from qinshang.enterprises.models import Enterprise, Person
from qinshang.events.services import event_record, snapshot
from qinshang.gatherings.models import Gathering
from qinshang.text import indexed_text

GATHERING_FIELDS = ("kind", "title", "held_on", "ends_on", "place", "office", "region",
                    "campaign", "team", "attendees", "summary")
# Fields set by the service itself, never read from the form's data.
RELATIONS = ("office", "region", "campaign", "team", "recorded_by")


@dataclass(frozen=True)
class RaisedProblem:
    """A problem raised at an event by one enterprise or one person who attended it."""

    problem: Problem
    enterprise: Enterprise | None = None
    person: Person | None = None

    def __post_init__(self) -> None:
        if (self.enterprise is None) == (self.person is None):
            raise ValidationError({"problems": _(
                "Say which enterprise or person attending raised each problem.")})

    @property
    def party(self) -> Enterprise | Person:
        return self.enterprise or self.person


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _today(at: datetime.datetime | None) -> datetime.date:
    return timezone.localdate(_now(at))


def _check_place(actor, gathering: Gathering) -> None:
    if not may_place(actor, gathering.region_id):
        raise TransitionRefused(_("You may record events only within your jurisdiction."))
    office = gathering.office
    if not office.region.contains(gathering.region_id):
        raise ValidationError({"region": _(
            "%(division)s is outside the division of %(office)s, the organising office.")
            % {"division": gathering.region.name, "office": office.name}})


def _check_dates(gathering: Gathering) -> None:
    start, end = gathering.held_on, gathering.ends_on
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        raise ValidationError({"ends_on": _("An event cannot end before it starts.")})


def _check_attendance(actor, gathering: Gathering, enterprises: Sequence[Enterprise],
                      persons: Sequence[Person]) -> None:
    office, principal = gathering.office, principal_of(actor)

    def outside(rows) -> list[str]:
        return [row.name for row in rows
                if not (office.region.contains(row.region_id) and principal.covers(row.region_id))]

    if names := outside(enterprises):
        raise ValidationError({"enterprises": _(
            "Outside the jurisdiction of %(office)s or yours: %(names)s.")
            % {"office": office.name, "names": "、".join(names)}})
    if names := outside(persons):
        raise ValidationError({"persons": _(
            "Outside the jurisdiction of %(office)s or yours: %(names)s.")
            % {"office": office.name, "names": "、".join(names)}})
    if gathering.attendees < len(set(persons)):
        raise ValidationError({"attendees": _(
            "The number of attendees (%(count)d) is smaller than the %(persons)d persons "
            "named as attending.") % {"count": gathering.attendees, "persons": len(set(persons))}})


def _check_campaign(gathering: Gathering, *, campaign_changed: bool) -> None:
    campaign, team = gathering.campaign, gathering.team
    if team is not None and campaign is None:
        gathering.campaign = campaign = team.campaign
        campaign_changed = True
    if campaign is None:
        return
    if team is not None and team.campaign_id != campaign.pk:
        raise ValidationError({"team": _("The team belongs to another campaign.")})
    if campaign_changed and campaign.state != CampaignState.LAUNCHED:
        raise ValidationError({"campaign": _(
            "Events are recorded for a campaign only while it runs (launched, not closed).")})
    if not campaign.covers_day(gathering.held_on):
        raise ValidationError({"held_on": _(
            "The campaign runs from %(start)s to %(end)s; an event on another day is recorded "
            "without the campaign.") % {"start": campaign.starts_on, "end": campaign.ends_on}})
    if not campaign.scope.contains(gathering.region_id):
        raise ValidationError({"region": _("The place is outside the campaign's scope.")})


def _check_held(gathering: Gathering, at: datetime.datetime | None) -> None:
    if gathering.held_on > _today(at):
        raise ValidationError({"problems": _(
            "This event has not been held yet (it is dated %(day)s): its outcomes can be "
            "recorded once it has taken place.") % {"day": gathering.held_on}})


def _check_problems(gathering: Gathering, raised: Sequence[RaisedProblem],
                    enterprises: Sequence[Enterprise], persons: Sequence[Person],
                    at: datetime.datetime | None) -> None:
    if not raised:
        return
    _check_held(gathering, at)
    problems_check([item.problem for item in raised])
    enterprise_ids = {row.pk for row in enterprises}
    person_ids = {row.pk for row in persons}
    for number, item in enumerate(raised, start=1):
        attended = (item.enterprise.pk in enterprise_ids if item.enterprise is not None
                    else item.person.pk in person_ids)
        if not attended:
            raise ValidationError({"problems": _(
                "Problem %(n)d: %(name)s is not listed as attending the event.")
                % {"n": number, "name": item.party.name}})


def _raise(actor, raised: Sequence[RaisedProblem], at: datetime.datetime | None) -> list[Appeal]:
    appeals: list[Appeal] = []
    for item in raised:
        appeals += appeals_raise(actor=actor, problems=[item.problem], channel=Channel.SYMPOSIUM,
                                 enterprise=item.enterprise, person=item.person, at=at)
    return appeals


def _assign(gathering: Gathering, data: Mapping[str, Any]) -> None:
    for name in GATHERING_FIELDS:
        if name in data:
            setattr(gathering, name, data[name])
    if isinstance(gathering.title, str):
        gathering.title = gathering.title.strip()


def _validate(actor, gathering: Gathering, enterprises, persons, *,
              campaign_changed: bool) -> None:
    _check_place(actor, gathering)
    _check_dates(gathering)
    gathering.full_clean(exclude=list(RELATIONS))
    _check_campaign(gathering, campaign_changed=campaign_changed)
    _check_attendance(actor, gathering, enterprises, persons)


def _attendance(enterprises, persons) -> dict[str, Any]:
    return {"enterprises": sorted(row.name for row in enterprises),
            "persons": sorted(row.name for row in persons)}


@transaction.atomic
def gathering_record(*, actor, data: Mapping[str, Any], enterprises: Sequence[Enterprise] = (),
                     persons: Sequence[Person] = (), problems: Sequence[RaisedProblem] = (),
                     at: datetime.datetime | None = None) -> Gathering:
    """Record an event (``data`` names its office and region, and optionally its campaign and
    team); each problem raised there becomes an appeal (channel symposium) of the enterprise
    or person who raised it, in the same transaction."""
    gathering = Gathering(recorded_by=actor, recorded_at=_now(at))
    _assign(gathering, data)
    if gathering.office_id is None or gathering.region_id is None:
        raise ValidationError(_("Name the organising office and the place of the event."))
    _validate(actor, gathering, enterprises, persons, campaign_changed=True)
    _check_problems(gathering, problems, enterprises, persons, at)
    gathering.search_text = indexed_text(gathering)
    gathering.save()
    gathering.enterprises.set(enterprises)
    gathering.persons.set(persons)
    appeals = _raise(actor, problems, at)
    gathering.appeals.set(appeals)
    event_record(actor=actor, verb="gathering.recorded", target=gathering,
                 region_code=gathering.region_id,
                 changes={**snapshot(gathering, GATHERING_FIELDS),
                          **_attendance(enterprises, persons),
                          "appeals": [appeal.reference for appeal in appeals]}, at=at)
    return gathering


def _locked(gathering: Gathering, expected_version: int | None) -> Gathering:
    Gathering.objects.select_for_update().filter(pk=gathering.pk).values_list("pk").get()
    gathering.refresh_from_db()
    if expected_version is not None and gathering.version != expected_version:
        raise StaleEdit(_("Someone else changed this event after you opened it. Reload the page "
                          "to see their change, then make yours again."))
    return gathering


def has_outcomes(gathering: Gathering) -> bool:
    return gathering.appeals.exists() or gathering.projects.exists()


@transaction.atomic
def gathering_update(*, actor, gathering: Gathering, data: Mapping[str, Any],
                     enterprises: Sequence[Enterprise], persons: Sequence[Person],
                     expected_version: int | None = None,
                     at: datetime.datetime | None = None) -> Gathering:
    """Change an event's facts and who attended (version-checked)."""
    if not may_place(actor, gathering.region_id):
        raise TransitionRefused(_("You may change events only within your jurisdiction."))
    gathering = _locked(gathering, expected_version)
    before = {**snapshot(gathering, GATHERING_FIELDS),
              **_attendance(gathering.enterprises.all(), gathering.persons.all())}
    campaign_before = gathering.campaign_id
    _assign(gathering, data)
    _validate(actor, gathering, enterprises, persons,
              campaign_changed=gathering.campaign_id != campaign_before)
    if gathering.held_on > _today(at) and has_outcomes(gathering):
        raise ValidationError({"held_on": _(
            "Appeals or projects are recorded as outcomes of this event: it cannot be dated in "
            "the future.")})
    after = {**snapshot(gathering, GATHERING_FIELDS), **_attendance(enterprises, persons)}
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if not changed:
        return gathering
    gathering.version += 1
    gathering.search_text = indexed_text(gathering)
    gathering.save()
    gathering.enterprises.set(enterprises)
    gathering.persons.set(persons)
    event_record(actor=actor, verb="gathering.updated", target=gathering,
                 region_code=gathering.region_id, changes=changed, at=at)
    return gathering


@transaction.atomic
def gathering_appeals_raise(*, actor, gathering: Gathering, problems: Sequence[RaisedProblem],
                            at: datetime.datetime | None = None) -> list[Appeal]:
    """Appeals (channel symposium) raised at an event already recorded, each by an enterprise
    or person who attended it."""
    if not may_place(actor, gathering.region_id):
        raise TransitionRefused(_("You may record outcomes of events only within your "
                                  "jurisdiction."))
    if not problems:
        raise ValidationError({"problems": _("Describe at least one problem raised.")})
    _check_problems(gathering, problems, list(gathering.enterprises.all()),
                    list(gathering.persons.all()), at)
    appeals = _raise(actor, problems, at)
    gathering.appeals.add(*appeals)
    event_record(actor=actor, verb="gathering.appeals_raised", target=gathering,
                 region_code=gathering.region_id,
                 changes={"appeals": [appeal.reference for appeal in appeals]}, at=at)
    return appeals


@transaction.atomic
def gathering_project_record(*, actor, gathering: Gathering, data: Mapping[str, Any],
                             at: datetime.datetime | None = None):
    """A project signed at the event (a trade fair, forum or delegation already held), written
    by the projects' own service with the event as its signing event."""
    from qinshang.projects.services import project_create

    if not may_place(actor, gathering.region_id):
        raise TransitionRefused(_("You may record outcomes of events only within your "
                                  "jurisdiction."))
    if gathering.held_on > _today(at):
        raise ValidationError(_(
            "This event has not been held yet (it is dated %(day)s): its outcomes can be "
            "recorded once it has taken place.") % {"day": gathering.held_on})
    signed_on = data.get("signed_on")
    if isinstance(signed_on, datetime.date) and signed_on < gathering.held_on:
        raise ValidationError({"signed_on": _(
            "A project signed at this event cannot be signed before it began (%(day)s).")
            % {"day": gathering.held_on}})
    return project_create(actor=actor, data=data, signing_event=gathering, at=at)


__all__ = ["Problem", "RaisedProblem", "StaleEdit", "gathering_appeals_raise",
           "gathering_project_record", "gathering_record", "gathering_update", "has_outcomes"]
