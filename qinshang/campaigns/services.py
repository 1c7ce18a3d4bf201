"""Every write of a campaign: the campaign and its phases, the frozen target list, teams, visits,
symposiums and the opinion survey. Problems raised in a visit and opinions in a survey answer
become appeals in the same transaction (DESIGN.md §2, §4)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.access import may_place
from qinshang.appeals.models import Appeal, Channel
from qinshang.appeals.services import Problem, appeals_raise, owning_office, problems_check
from qinshang.appeals.workflow import TransitionRefused
from qinshang.campaigns.models import (
    Campaign,
    CampaignState,
    Distribution,
    DistributionMethod,
    Phase,
    RaisedAppeal,
    Survey,
    Target,
    Team,
    Visit,
)
from qinshang.core.errors import StaleEdit
from qinshang.enterprises.models import Enterprise, Person
from qinshang.events.services import event_record, snapshot, timeline_key
from qinshang.gatherings.models import Gathering
from qinshang.gatherings.models import Kind as GatheringKind
from qinshang.gatherings.services import gathering_record
from qinshang.offices.models import Office
from qinshang.questionnaires.answers import clean_answers
from qinshang.questionnaires.models import FormResponse, FormTemplate, Purpose
from qinshang.regions.models import Region
from qinshang.text import indexed_text

CAMPAIGN_FIELDS = ("name", "kind", "starts_on", "ends_on", "description", "visit_form",
                   "quota_symposiums", "quota_counties", "quota_enterprises")
VISIT_FIELDS = ("visited_on", "method", "people_met", "summary")
# An invitation link lives this long past the survey's deadline, for late answers.
LINK_GRACE_DAYS = 7


class InvitationRefused(Exception):
    """An invitation link that is unknown, expired or already used. ``reason`` is one of
    ``unknown``, ``expired``, ``used``, so the page can say which."""

    def __init__(self, reason: str, distribution: Distribution | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        # The copy behind an expired or used link, so that the page can name the office to
        # contact. Never given for an unknown token: the page must say nothing about it.
        self.distribution = distribution


@dataclass(frozen=True)
class PhaseData:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date


@dataclass(frozen=True)
class IssuedLink:
    distribution: Distribution
    token: str


# --- helpers -----------------------------------------------------------------------------------

def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _today(at: datetime.datetime | None) -> datetime.date:
    return timezone.localdate(_now(at))


def _check_writer_at(actor, region_code: str, message: str) -> None:
    if not may_place(actor, region_code):
        raise TransitionRefused(message)


def _check_campaign_writer(actor, campaign: Campaign) -> None:
    _check_writer_at(actor, campaign.scope_id,
                     _("Only the offices that run the campaign may change it."))


def _check_version(obj, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise StaleEdit(_("Someone else changed this record after you opened it. Reload the "
                          "page to see their change, then make yours again."))


def _locked(obj):
    """Lock the row and bring the caller's instance up to date, so that it sees the change the
    service makes."""
    type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("pk").get()
    obj.refresh_from_db()
    return obj


def _check_phases(campaign: Campaign, phases: Sequence[PhaseData]) -> None:
    previous_end: datetime.date | None = None
    for number, phase in enumerate(phases, start=1):
        if not phase.name.strip():
            raise ValidationError({"phases": _("Phase %(n)d needs a name.") % {"n": number}})
        if phase.ends_on < phase.starts_on:
            raise ValidationError({"phases": _("Phase %(n)d ends before it starts.")
                                   % {"n": number}})
        if phase.starts_on < campaign.starts_on or phase.ends_on > campaign.ends_on:
            raise ValidationError({"phases": _("Phase %(n)d lies outside the campaign's period.")
                                   % {"n": number}})
        if previous_end is not None and phase.starts_on <= previous_end:
            raise ValidationError({"phases": _("Phase %(n)d starts before the previous one "
                                               "ends.") % {"n": number}})
        previous_end = phase.ends_on


def _save_phases(campaign: Campaign, phases: Sequence[PhaseData]) -> None:
    campaign.phases.all().delete()
    Phase.objects.bulk_create(Phase(campaign=campaign, order=number, name=phase.name.strip(),
                                    starts_on=phase.starts_on, ends_on=phase.ends_on)
                              for number, phase in enumerate(phases, start=1))


def _phase_names(phases: Sequence[PhaseData]) -> list[str]:
    return [f"{p.name} {p.starts_on:%Y-%m-%d}~{p.ends_on:%Y-%m-%d}" for p in phases]


def _check_offices(scope: Region, offices: Sequence[Office]) -> None:
    if not offices:
        raise ValidationError({"offices": _("Name at least one office that runs the campaign.")})
    for office in offices:
        if not (office.region.contains(scope.code) or scope.contains(office.region_id)):
            raise ValidationError({"offices": _("%(office)s is outside the campaign's scope.")
                                   % {"office": office}})


# --- campaign ----------------------------------------------------------------------------------

@transaction.atomic
def campaign_create(*, actor, data: Mapping[str, Any], scope: Region, offices: Sequence[Office],
                    phases: Sequence[PhaseData] = (),
                    at: datetime.datetime | None = None) -> Campaign:
    _check_writer_at(actor, scope.code, _("You may run campaigns only within your jurisdiction."))
    campaign = Campaign(scope=scope, created_by=actor, created_at=_now(at))
    for name in CAMPAIGN_FIELDS:
        if name in data:
            setattr(campaign, name, data[name])
    campaign.full_clean()
    _check_offices(scope, offices)
    _check_phases(campaign, phases)
    campaign.save()
    campaign.offices.set(offices)
    _save_phases(campaign, phases)
    event_record(actor=actor, verb="campaign.created", target=campaign, region_code=scope.code,
                 changes={**snapshot(campaign, CAMPAIGN_FIELDS), "scope": scope.code,
                          "phases": _phase_names(phases)}, at=at)
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, data: Mapping[str, Any],
                    offices: Sequence[Office] | None = None,
                    phases: Sequence[PhaseData] | None = None,
                    expected_version: int | None = None,
                    at: datetime.datetime | None = None) -> Campaign:
    _check_campaign_writer(actor, campaign)
    campaign = _locked(campaign)
    _check_version(campaign, expected_version)
    if campaign.state == CampaignState.CLOSED:
        raise TransitionRefused(_("A closed campaign cannot be changed."))
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    for name in CAMPAIGN_FIELDS:
        if name in data:
            setattr(campaign, name, data[name])
    campaign.full_clean()
    if offices is not None:
        _check_offices(campaign.scope, offices)
    if phases is not None:
        _check_phases(campaign, phases)
    else:
        _check_phases(campaign, [PhaseData(p.name, p.starts_on, p.ends_on)
                                 for p in campaign.phases.all()])
    campaign.version += 1
    campaign.save()
    if offices is not None:
        campaign.offices.set(offices)
    changes = {name: [before[name], value] for name, value in
               snapshot(campaign, CAMPAIGN_FIELDS).items() if before[name] != value}
    if phases is not None:
        earlier = [PhaseData(p.name, p.starts_on, p.ends_on) for p in campaign.phases.all()]
        if _phase_names(earlier) != _phase_names(phases):
            changes["phases"] = [_phase_names(earlier), _phase_names(phases)]
        _save_phases(campaign, phases)
    event_record(actor=actor, verb="campaign.updated", target=campaign,
                 region_code=campaign.scope_id, changes=changes, at=at)
    return campaign


@transaction.atomic
def campaign_set_targets(*, actor, campaign: Campaign, enterprises: Iterable[Enterprise],
                         criteria: Mapping[str, Any],
                         at: datetime.datetime | None = None) -> int:
    """Replace a draft campaign's target list. Launching freezes it."""
    _check_campaign_writer(actor, campaign)
    campaign = _locked(campaign)
    if not campaign.is_draft:
        raise TransitionRefused(_("The target list was frozen when the campaign was launched."))
    chosen = {e.pk: e for e in enterprises}
    outside = [e for e in chosen.values() if not campaign.scope.contains(e.region_id)]
    if outside:
        raise ValidationError(_("%(name)s is outside the campaign's scope.")
                              % {"name": outside[0].name})
    now = _now(at)
    campaign.targets.all().delete()
    Target.objects.bulk_create((Target(campaign=campaign, enterprise_id=pk, region_id=e.region_id,
                                       added_at=now) for pk, e in chosen.items()),
                               batch_size=2000)
    campaign.target_criteria = dict(criteria)
    campaign.version += 1
    campaign.save(update_fields=["target_criteria", "version"])
    event_record(actor=actor, verb="campaign.targets_set", target=campaign,
                 region_code=campaign.scope_id,
                 changes={"targets": len(chosen), "criteria": dict(criteria)}, at=at)
    return len(chosen)


@transaction.atomic
def campaign_launch(*, actor, campaign: Campaign, expected_version: int | None = None,
                    at: datetime.datetime | None = None) -> Campaign:
    _check_campaign_writer(actor, campaign)
    campaign = _locked(campaign)
    _check_version(campaign, expected_version)
    if not campaign.is_draft:
        raise TransitionRefused(_("This campaign has already been launched."))
    targets = campaign.targets.count()
    if not targets:
        raise TransitionRefused(_("Choose the target enterprises before launching."))
    campaign.state = CampaignState.LAUNCHED
    campaign.launched_at = _now(at)
    campaign.version += 1
    campaign.save(update_fields=["state", "launched_at", "version"])
    event_record(actor=actor, verb="campaign.launched", target=campaign,
                 region_code=campaign.scope_id, changes={"targets": targets}, at=at)
    return campaign


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign, expected_version: int | None = None,
                   at: datetime.datetime | None = None) -> Campaign:
    _check_campaign_writer(actor, campaign)
    campaign = _locked(campaign)
    _check_version(campaign, expected_version)
    if campaign.state != CampaignState.LAUNCHED:
        raise TransitionRefused(_("Only a launched campaign can be closed."))
    campaign.state = CampaignState.CLOSED
    campaign.closed_at = _now(at)
    campaign.version += 1
    campaign.save(update_fields=["state", "closed_at", "version"])
    event_record(actor=actor, verb="campaign.closed", target=campaign,
                 region_code=campaign.scope_id, at=at)
    return campaign


def _check_running(campaign: Campaign) -> None:
    if campaign.state != CampaignState.LAUNCHED:
        raise TransitionRefused(_("Visits, symposiums and surveys are recorded only while the "
                                  "campaign runs (launched, not closed)."))


@transaction.atomic
def team_create(*, actor, campaign: Campaign, name: str, office: Office, area: Region,
                members: Sequence = (), at: datetime.datetime | None = None) -> Team:
    _check_campaign_writer(actor, campaign)
    if not name.strip():
        raise ValidationError({"name": _("Give the team a name.")})
    if not campaign.scope.contains(area.code):
        raise ValidationError({"area": _("The team's area must lie within the campaign's "
                                         "scope.")})
    team = Team.objects.create(campaign=campaign, name=name.strip(), office=office, area=area)
    team.members.set(members)
    event_record(actor=actor, verb="campaign.team_created", target=campaign,
                 region_code=campaign.scope_id,
                 changes={"team": team.name, "area": area.code,
                          "members": [str(m) for m in members]}, at=at)
    return team


# --- visits and symposiums ---------------------------------------------------------------------

def _raise_appeals(*, actor, campaign: Campaign | None, enterprise: Enterprise,
                   problems: Sequence[Problem], channel: str, raised_on: datetime.date,
                   at: datetime.datetime | None, **source) -> list[Appeal]:
    appeals = appeals_raise(actor=actor, problems=problems, channel=channel,
                            enterprise=enterprise, at=at)
    if campaign is not None:
        RaisedAppeal.objects.bulk_create([
            RaisedAppeal(campaign=campaign, appeal=appeal, region_id=enterprise.region_id,
                         raised_on=raised_on, **source) for appeal in appeals])
    return appeals


def _report(template: FormTemplate | None, answers: Mapping[str, Any] | None,
            actor, at: datetime.datetime | None) -> FormResponse | None:
    if template is None:
        return None
    cleaned = clean_answers(template, answers or {})
    return FormResponse.objects.create(template=template, answers=cleaned,
                                       submitted_at=_now(at), entered_by=actor)


@transaction.atomic
def visit_record(*, actor, enterprise: Enterprise, data: Mapping[str, Any], staff: Sequence,
                 persons: Sequence[Person] = (), campaign: Campaign | None = None,
                 team: Team | None = None, answers: Mapping[str, Any] | None = None,
                 problems: Sequence[Problem] = (),
                 at: datetime.datetime | None = None) -> Visit:
    """Record a visit, its report form and the problems raised, each becoming an appeal
    (channel visit). Nothing is written unless all of it is valid."""
    _check_writer_at(actor, enterprise.region_id,
                     _("You may record visits only to enterprises in your jurisdiction."))
    visit = Visit(enterprise=enterprise, region_id=enterprise.region_id, campaign=campaign,
                  team=team, recorded_by=actor, recorded_at=_now(at))
    for name in VISIT_FIELDS:
        if name in data:
            setattr(visit, name, data[name])
    _check_visit(visit, staff, persons, enterprise, at)
    problems_check(problems)
    template = campaign.visit_form if campaign is not None else None
    visit.report = _report(template, answers, actor, at)
    visit.search_text = indexed_text(visit)
    visit.save()
    visit.staff.set(staff)
    visit.persons_met.set(persons)
    appeals = _raise_appeals(actor=actor, campaign=campaign, enterprise=enterprise,
                             problems=problems, channel=Channel.VISIT,
                             raised_on=visit.visited_on, at=at, visit=visit)
    event_record(actor=actor, verb="visit.recorded", target=visit,
                 timeline=timeline_key(enterprise), region_code=visit.region_id,
                 changes={**snapshot(visit, VISIT_FIELDS),
                          "campaign": str(campaign) if campaign else "",
                          "staff": [str(user) for user in staff],
                          "appeals": [appeal.reference for appeal in appeals]}, at=at)
    return visit


def _check_visit(visit: Visit, staff: Sequence, persons: Sequence[Person],
                 enterprise: Enterprise, at: datetime.datetime | None) -> None:
    visit.full_clean(exclude=["enterprise", "region", "campaign", "team", "report",
                              "recorded_by"])
    if visit.visited_on > _today(at):
        raise ValidationError({"visited_on": _("A visit cannot be dated in the future.")})
    if not staff:
        raise ValidationError({"staff": _("Name at least one member of staff who visited.")})
    if visit.people_met < len(persons):
        raise ValidationError({"people_met": _(
            "%(named)d people are named as met, more than the number given.")
            % {"named": len(persons)}})
    campaign, team = visit.campaign, visit.team
    if team is not None and (campaign is None or team.campaign_id != campaign.pk):
        raise ValidationError({"team": _("The team belongs to another campaign.")})
    if campaign is None:
        return
    _check_running(campaign)
    if not campaign.covers_day(visit.visited_on):
        raise ValidationError({"visited_on": _(
            "The campaign runs from %(start)s to %(end)s; a visit on another day is recorded "
            "without the campaign.") % {"start": campaign.starts_on, "end": campaign.ends_on}})
    if not campaign.scope.contains(enterprise.region_id):
        raise ValidationError(_("The enterprise is outside the campaign's scope."))


def _symposium_office(region: Region, team: Team | None) -> Office:
    """The team's office when the place lies within its division, else the office of the
    place, of its city or of its province."""
    if team is not None and team.office.region.contains(region.code):
        return team.office
    return owning_office(region.code)


@transaction.atomic
def symposium_record(*, actor, campaign: Campaign, data: Mapping[str, Any], region: Region,
                     team: Team | None = None, enterprises: Sequence[Enterprise] = (),
                     at: datetime.datetime | None = None) -> Gathering:
    """A symposium (座谈会) held in the campaign: an event of kind symposium (recorded by
    ``qinshang.gatherings.services``) of the campaign and its team, counting towards the
    team's "1+2+6" quota."""
    _check_writer_at(actor, region.code,
                     _("You may record symposiums only within your jurisdiction."))
    _check_running(campaign)
    held_on = data.get("held_on")
    if isinstance(held_on, datetime.date) and not campaign.covers_day(held_on):
        raise ValidationError({"held_on": _("The symposium is dated outside the campaign's "
                                            "period.")})
    if not campaign.scope.contains(region.code):
        raise ValidationError({"region": _("The place is outside the campaign's scope.")})
    if team is not None and team.campaign_id != campaign.pk:
        raise ValidationError({"team": _("The team belongs to another campaign.")})
    title = (data.get("title") or "").strip() or _("Symposium of %(campaign)s") % {
        "campaign": campaign.name}
    symposium = gathering_record(
        actor=actor, enterprises=enterprises, persons=(), at=at,
        data={**{name: data[name] for name in ("held_on", "place", "attendees", "summary")
                 if name in data},
              "kind": GatheringKind.SYMPOSIUM, "title": title[:200], "campaign": campaign,
              "team": team, "region": region, "office": _symposium_office(region, team)})
    event_record(actor=actor, verb="campaign.symposium_recorded", target=campaign,
                 region_code=region.code,
                 changes={"held_on": symposium.held_on, "place": symposium.place,
                          "attendees": symposium.attendees, "event": symposium.pk}, at=at)
    return symposium


# --- surveys -----------------------------------------------------------------------------------

@transaction.atomic
def survey_create(*, actor, campaign: Campaign, form: FormTemplate, deadline: datetime.date,
                  at: datetime.datetime | None = None) -> Survey:
    _check_campaign_writer(actor, campaign)
    if campaign.state == CampaignState.CLOSED:
        raise TransitionRefused(_("A closed campaign cannot start a survey."))
    if form.purpose != Purpose.OPINION:
        raise ValidationError({"form": _("A survey hands out an opinion form.")})
    if deadline < campaign.starts_on:
        raise ValidationError({"deadline": _("The deadline falls before the campaign starts.")})
    survey = Survey.objects.create(campaign=campaign, form=form, deadline=deadline,
                                   created_at=_now(at))
    event_record(actor=actor, verb="campaign.survey_created", target=campaign,
                 region_code=campaign.scope_id,
                 changes={"form": str(form), "deadline": deadline}, at=at)
    return survey


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link_expiry(survey: Survey, today: datetime.date) -> datetime.datetime:
    """A week past the deadline; a link issued later (to chase a late return) a week from the
    day it is issued."""
    last_day = max(survey.deadline, today) + datetime.timedelta(days=LINK_GRACE_DAYS)
    return timezone.make_aware(datetime.datetime.combine(last_day, datetime.time.max))


def _new_token(distribution: Distribution, today: datetime.date) -> str:
    token = secrets.token_urlsafe(32)
    distribution.token_digest = _digest(token)
    distribution.link_expires_at = _link_expiry(distribution.survey, today)
    return token


@transaction.atomic
def survey_distribute(*, actor, survey: Survey, enterprises: Sequence[Enterprise],
                      method: str, distributed_on: datetime.date,
                      persons: Mapping[int, Sequence[Person]] | None = None,
                      at: datetime.datetime | None = None) -> list[IssuedLink | Distribution]:
    """Hand the form to these enterprises (to each named person, else one unaddressed copy).
    Copies already handed out are skipped. Online copies come back with their link, which is
    shown once: only its digest is kept."""
    campaign = survey.campaign
    _check_running(campaign)
    if method not in DistributionMethod.values:
        raise ValidationError({"method": _("Choose paper or online.")})
    if distributed_on > _today(at):
        raise ValidationError({"distributed_on": _("The date cannot be in the future.")})
    if distributed_on < campaign.starts_on:
        raise ValidationError({"distributed_on": _("The date falls before the campaign "
                                                   "starts.")})
    for enterprise in enterprises:
        _check_writer_at(actor, enterprise.region_id,
                         _("You may hand out forms only to enterprises in your jurisdiction."))
        if not campaign.scope.contains(enterprise.region_id):
            raise ValidationError(_("%(name)s is outside the campaign's scope.")
                                  % {"name": enterprise.name})
    existing = set(survey.distributions.filter(enterprise__in=[e.pk for e in enterprises])
                   .values_list("enterprise_id", "person_id"))
    issued: list[IssuedLink | Distribution] = []
    for enterprise in enterprises:
        for person in (persons or {}).get(enterprise.pk) or [None]:
            key = (enterprise.pk, person.pk if person else None)
            if key in existing:
                continue
            existing.add(key)
            copy = Distribution(survey=survey, enterprise=enterprise, person=person,
                                region_id=enterprise.region_id, distributed_on=distributed_on,
                                method=method, recorded_by=actor)
            token = _new_token(copy, _today(at)) if method == DistributionMethod.ONLINE else None
            copy.save()
            issued.append(IssuedLink(copy, token) if token else copy)
    event_record(actor=actor, verb="campaign.survey_distributed", target=campaign,
                 region_code=campaign.scope_id,
                 changes={"form": str(survey.form), "method": method, "copies": len(issued),
                          "distributed_on": distributed_on}, at=at)
    return issued


@transaction.atomic
def distribution_reissue_link(*, actor, distribution: Distribution,
                              at: datetime.datetime | None = None) -> IssuedLink:
    """A new link for an online copy not yet answered (the old link stops working)."""
    _check_writer_at(actor, distribution.region_id,
                     _("You may manage forms only for enterprises in your jurisdiction."))
    distribution = _locked(distribution)
    if distribution.returned:
        raise TransitionRefused(_("This form has already been returned."))
    distribution.method = DistributionMethod.ONLINE
    token = _new_token(distribution, _today(at))
    distribution.version += 1
    distribution.save(update_fields=["method", "token_digest", "link_expires_at", "version"])
    event_record(actor=actor, verb="campaign.survey_link_issued",
                 target=distribution.survey.campaign, region_code=distribution.region_id,
                 changes={"enterprise": str(distribution.enterprise)}, at=at)
    return IssuedLink(distribution, token)


def _record_return(*, distribution: Distribution, entered_by, answers: Mapping[str, Any],
                   opinions: Sequence[Problem], method: str, returned_on: datetime.date,
                   appeals_actor, at: datetime.datetime | None) -> Distribution:
    problems_check(opinions)
    survey = distribution.survey
    cleaned = clean_answers(survey.form, answers)
    distribution.response = FormResponse.objects.create(
        template=survey.form, answers=cleaned, submitted_at=_now(at), entered_by=entered_by)
    distribution.returned_on = returned_on
    distribution.return_method = method
    # The link's digest is kept: a link used again is then told "already answered" (and by
    # whom to ask), not taken for a forged one.
    distribution.version += 1
    distribution.save(update_fields=["response", "returned_on", "return_method", "version"])
    appeals = _raise_appeals(actor=appeals_actor, campaign=survey.campaign,
                             enterprise=distribution.enterprise, problems=opinions,
                             channel=Channel.SURVEY, raised_on=returned_on, at=at,
                             distribution=distribution)
    event_record(actor=entered_by, verb="campaign.survey_returned", target=survey.campaign,
                 timeline=timeline_key(distribution.enterprise),
                 region_code=distribution.region_id,
                 changes={"form": str(survey.form), "method": method,
                          "returned_on": returned_on,
                          "appeals": [appeal.reference for appeal in appeals]}, at=at)
    return distribution


@transaction.atomic
def survey_return_paper(*, actor, distribution: Distribution, returned_on: datetime.date,
                        answers: Mapping[str, Any], opinions: Sequence[Problem] = (),
                        expected_version: int | None = None,
                        at: datetime.datetime | None = None) -> Distribution:
    """Staff type in a returned paper form; each opinion becomes an appeal (channel survey)."""
    _check_writer_at(actor, distribution.region_id,
                     _("You may enter forms only for enterprises in your jurisdiction."))
    distribution = _locked(distribution)
    _check_version(distribution, expected_version)
    if distribution.returned:
        raise TransitionRefused(_("This form has already been returned."))
    if returned_on > _today(at):
        raise ValidationError({"returned_on": _("The date cannot be in the future.")})
    if returned_on < distribution.distributed_on:
        raise ValidationError({"returned_on": _("A form cannot come back before it was "
                                                "handed out.")})
    return _record_return(distribution=distribution, entered_by=actor, answers=answers,
                          opinions=opinions, method=DistributionMethod.PAPER,
                          returned_on=returned_on, appeals_actor=actor, at=at)


def invitation_open(token: str, *, at: datetime.datetime | None = None) -> Distribution:
    """The copy a link belongs to, or InvitationRefused saying why not."""
    if not token or len(token) > 100:
        raise InvitationRefused("unknown")
    try:
        distribution = (Distribution.objects.select_related("survey__form", "survey__campaign",
                                                            "enterprise", "person")
                        .get(token_digest=_digest(token)))
    except Distribution.DoesNotExist:
        raise InvitationRefused("unknown") from None
    if distribution.returned:
        raise InvitationRefused("used", distribution)
    if distribution.link_expires_at is None or distribution.link_expires_at < _now(at):
        raise InvitationRefused("expired", distribution)
    return distribution


@transaction.atomic
def survey_answer_online(*, token: str, answers: Mapping[str, Any],
                         opinions: Sequence[Problem] = (),
                         at: datetime.datetime | None = None) -> Distribution:
    """The respondent's own answer through their invitation link: stored once. The appeals
    it raises are registered in the name of the officer who handed out the form."""
    opened = invitation_open(token, at=at)
    digest = opened.token_digest
    distribution = _locked(opened)
    if distribution.returned or distribution.token_digest != digest:
        raise InvitationRefused("used", distribution)
    try:
        return _record_return(distribution=distribution, entered_by=None, answers=answers,
                              opinions=opinions, method=DistributionMethod.ONLINE,
                              returned_on=_today(at), appeals_actor=distribution.recorded_by,
                              at=at)
    except IntegrityError:
        raise InvitationRefused("used", distribution) from None

