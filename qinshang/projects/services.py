"""Every write of the investment projects: a project signed (at a trade fair, forum or
delegation, or on its own), its edits, and each stage of its way from signing to production
(enterprise registered, funds arrived — often in parts —, construction started, production
started, cancelled). The project's dates and the funds arrived so far are kept on the project
row in the same transaction as the stage row, so that the funnel is one aggregate query."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.access import may_place, principal_of
from qinshang.appeals.services import owning_office
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.errors import StaleEdit
from qinshang.enterprises.models import Enterprise
from qinshang.events.services import event_record, snapshot
from qinshang.gatherings.models import SIGNING_KINDS, Gathering
from qinshang.offices.models import Office
from qinshang.projects.models import Project, ProjectStage, StageKind
from qinshang.regions.models import Region
from qinshang.text import indexed_text

PROJECT_FIELDS = ("name", "investor", "investor_origin", "enterprise", "region", "industry",
                  "contracted_investment", "signed_on", "signing_event", "notes")
# The stages an officer records by hand; "stalled" is the tick's (projects_flag_stalled).
RECORDED_KINDS = (StageKind.REGISTERED, StageKind.FUNDS, StageKind.CONSTRUCTION,
                  StageKind.PRODUCTION, StageKind.CANCELLED)
ONCE_ONLY = {StageKind.REGISTERED: "registered_on",
             StageKind.CONSTRUCTION: "construction_started_on",
             StageKind.PRODUCTION: "production_started_on"}


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _today(at: datetime.datetime | None) -> datetime.date:
    return timezone.localdate(_now(at))


def office_for(actor, region_code: str) -> Office:
    """The actor's own office that covers the division (the nearest one, should they belong to
    a county's and a city's); else the office that serves the division."""
    codes = [low for low, high in principal_of(actor).write_ranges if low <= region_code <= high]
    office = Office.objects.filter(region_id__in=codes).order_by("-region_id").first()
    return office if office is not None else owning_office(region_code)


def _check_place(actor, region: Region | None) -> None:
    if region is None:
        raise ValidationError({"region": _("Choose the division the project is in.")})
    if not may_place(actor, region.code):
        raise ValidationError({"region": _("You may file projects only in divisions of your "
                                           "jurisdiction.")})


def _check_enterprise(actor, enterprise: Enterprise | None, region: Region) -> None:
    if enterprise is None:
        return
    if not may_place(actor, enterprise.region_id):
        raise ValidationError({"enterprise": _(
            "The enterprise is outside your jurisdiction: register the project's enterprise "
            "among those you may write for.")})
    if not region.contains(enterprise.region_id):
        raise ValidationError({"enterprise": _(
            "The enterprise is registered in %(where)s, outside the project's division "
            "(%(division)s).") % {"where": enterprise.region_id, "division": region.name}})


def _check_signing_event(event: Gathering | None, actor) -> None:
    if event is None:
        return
    if event.kind not in SIGNING_KINDS:
        raise ValidationError({"signing_event": _(
            "Projects are signed at trade fairs, forums and delegations; this event is a "
            "%(kind)s.") % {"kind": event.get_kind_display().lower()}})
    if not principal_of(actor).covers(event.region_id) and \
            event.region_id not in principal_of(actor).offices_above():
        raise ValidationError({"signing_event": _("Choose an event you can see.")})


def _check_amount(amount: Decimal, field: str) -> None:
    if amount is None or not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError({field: _("Enter the amount in yuan as a number.")})
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})


def _check_project(actor, project: Project, at: datetime.datetime | None) -> None:
    _check_place(actor, project.region if project.region_id else None)
    _check_amount(project.contracted_investment, "contracted_investment")
    if project.signed_on is not None and project.signed_on > _today(at):
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    _check_enterprise(actor, project.enterprise, project.region)
    _check_signing_event(project.signing_event, actor)
    project.full_clean(exclude=["office", "region", "enterprise", "signing_event",
                                "created_by", "last_progress_on"])


def _apply(project: Project, data: Mapping[str, Any]) -> None:
    for name in PROJECT_FIELDS:
        if name in data:
            setattr(project, name, data[name])
    for name in ("name", "investor", "notes"):
        setattr(project, name, (getattr(project, name) or "").strip())


@transaction.atomic
def project_create(*, actor, data: Mapping[str, Any], signing_event: Gathering | None = None,
                   at: datetime.datetime | None = None) -> Project:
    """A signed project, followed by the actor's office that covers its division. ``at`` dates
    the record (demo data, imports); live use leaves it to the clock."""
    project = Project(created_by=actor, created_at=_now(at))
    _apply(project, {name: value for name, value in data.items() if name != "signing_event"})
    project.signing_event = signing_event
    _check_project(actor, project, at)
    project.office = office_for(actor, project.region_id)
    project.last_progress_on = project.signed_on
    project.search_text = indexed_text(project)
    project.save()
    event_record(actor=actor, verb="project.created", target=project,
                 region_code=project.region_id,
                 changes={**snapshot(project, PROJECT_FIELDS), "office": str(project.office)},
                 at=at)
    return project


def _locked(project: Project, version: int | None) -> Project:
    stored = (Project.objects.select_for_update(of=("self",))
              .select_related("region", "enterprise", "signing_event", "office")
              .get(pk=project.pk))
    if version is not None and stored.version != version:
        raise StaleEdit(_("Someone else changed this project after you opened it. Reload the "
                          "page to see their change, then make yours again."))
    return stored


@transaction.atomic
def project_update(*, actor, project: Project, data: Mapping[str, Any],
                   version: int | None = None,
                   at: datetime.datetime | None = None) -> Project:
    """Change the project's own fields (its stages are recorded one by one, never edited)."""
    if not may_place(actor, project.region_id):
        raise TransitionRefused(_("You may change projects only in your jurisdiction."))
    stored = _locked(project, version)
    before = snapshot(stored, PROJECT_FIELDS)
    _apply(stored, data)
    _check_project(actor, stored, at)
    first_stage = (stored.stages.exclude(kind=StageKind.STALLED).order_by("happened_on")
                   .values_list("happened_on", flat=True).first())
    if first_stage is not None and stored.signed_on > first_stage:
        raise ValidationError({"signed_on": _(
            "The project has a stage dated %(day)s: it cannot have been signed later.")
            % {"day": first_stage.isoformat()}})
    after = snapshot(stored, PROJECT_FIELDS)
    changed = {name: [before[name], after[name]] for name in PROJECT_FIELDS
               if before[name] != after[name]}
    if not changed:
        return stored
    if "region" in changed:
        stored.office = office_for(actor, stored.region_id)
        ProjectStage.objects.filter(project=stored).update(region_id=stored.region_id)
    if "signed_on" in changed and not stored.stages.exclude(kind=StageKind.STALLED).exists():
        stored.last_progress_on = stored.signed_on
    stored.version += 1
    stored.search_text = indexed_text(stored)
    stored.save()
    event_record(actor=actor, verb="project.updated", target=stored,
                 region_code=stored.region_id, changes=changed, at=at)
    return stored


def _check_stage(project: Project, kind: str, happened_on: datetime.date,
                 amount: Decimal | None, at: datetime.datetime | None) -> None:
    if kind not in RECORDED_KINDS:
        raise ValidationError({"kind": _("Choose a stage of the list.")})
    if project.cancelled_on is not None:
        raise ValidationError(_("The project was cancelled on %(day)s: no stage can follow.")
                              % {"day": project.cancelled_on.isoformat()})
    if happened_on is None:
        raise ValidationError({"happened_on": _("Give the date of the stage.")})
    if happened_on > _today(at):
        raise ValidationError({"happened_on": _("A stage cannot be dated in the future.")})
    if happened_on < project.signed_on:
        raise ValidationError({"happened_on": _(
            "The project was signed on %(day)s: a stage cannot come before it.")
            % {"day": project.signed_on.isoformat()}})
    if kind == StageKind.FUNDS:
        _check_amount(amount, "amount")
    elif amount is not None:
        raise ValidationError({"amount": _("Only an arrival of funds has an amount.")})
    field = ONCE_ONLY.get(kind)
    if field and getattr(project, field) is not None:
        raise ValidationError({"kind": _("%(stage)s was already recorded, on %(day)s.")
                               % {"stage": StageKind(kind).label,
                                  "day": getattr(project, field).isoformat()}})
    if kind == StageKind.PRODUCTION:
        started = project.construction_started_on
        if started is None:
            raise ValidationError({"kind": _(
                "Record the start of construction before the start of production.")})
        if happened_on < started:
            raise ValidationError({"happened_on": _(
                "Construction started on %(day)s: production cannot start before it.")
                % {"day": started.isoformat()}})


def _apply_stage(project: Project, kind: str, happened_on: datetime.date,
                 amount: Decimal | None) -> None:
    if kind == StageKind.FUNDS:
        project.funds_arrived += amount
    elif kind == StageKind.CANCELLED:
        project.cancelled_on = happened_on
    else:
        setattr(project, ONCE_ONLY[kind], happened_on)
    # Any progress ends a stall; the project is watched again from the latest step.
    project.stalled_since = None
    project.last_progress_on = max(project.last_progress_on, happened_on)


@transaction.atomic
def project_stage_record(*, actor, project: Project, kind: str, happened_on: datetime.date,
                         amount: Decimal | None = None, note: str = "",
                         enterprise: Enterprise | None = None,
                         at: datetime.datetime | None = None) -> ProjectStage:
    """One step of the project; with the enterprise registered, the local enterprise may be
    named at the same time (it must be one the actor writes for, in the project's division)."""
    if not may_place(actor, project.region_id):
        raise TransitionRefused(_("You may record stages only of projects in your "
                                  "jurisdiction."))
    stored = _locked(project, None)
    _check_stage(stored, kind, happened_on, amount, at)
    if enterprise is not None:
        if kind != StageKind.REGISTERED:
            raise ValidationError({"enterprise": _(
                "The enterprise is named with the stage “enterprise registered”.")})
        _check_enterprise(actor, enterprise, stored.region)
        stored.enterprise = enterprise
    stage = ProjectStage(project=stored, kind=kind, happened_on=happened_on, amount=amount,
                         note=(note or "").strip(), region_id=stored.region_id,
                         recorded_by=actor, recorded_at=_now(at))
    stage.full_clean(exclude=["project", "region", "recorded_by"])
    _apply_stage(stored, kind, happened_on, amount)
    stored.version += 1
    stored.save()
    stage.save()
    event_record(actor=actor, verb=f"project.{kind}", target=stored,
                 region_code=stored.region_id,
                 changes={"stage": kind, "happened_on": happened_on,
                          "amount": amount, "funds_arrived": stored.funds_arrived,
                          "enterprise": str(stored.enterprise) if enterprise else "",
                          "note": stage.note}, at=at)
    project.__dict__.update({name: getattr(stored, name) for name in (
        "funds_arrived", "registered_on", "construction_started_on", "production_started_on",
        "cancelled_on", "stalled_since", "last_progress_on", "version", "enterprise_id")})
    return stage


__all__ = ["RECORDED_KINDS", "StaleEdit", "office_for", "project_create",
           "project_stage_record", "project_update"]
