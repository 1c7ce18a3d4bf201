"""Every write to the enterprise file. One transaction each, one event row each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qinshang.access import may_place, principal_of
from qinshang.core.errors import StaleEdit
from qinshang.enterprises.models import Affiliation, Enterprise, Person, SupportMeasure, Tag
from qinshang.events.services import changed_fields, event_record, snapshot, timeline_key
from qinshang.regions.models import Region
from qinshang.text import indexed_text

ENTERPRISE_FIELDS = ("name", "trade_name", "credit_code", "region", "address", "industry",
                     "origin", "registered_capital", "total_investment", "employees", "status",
                     "liaison_officer")
PERSON_FIELDS = ("name", "origin", "document_kind", "document_number", "phone", "region")
MEASURE_FIELDS = ("title", "detail", "department", "status", "due_date")


def _check_placement(actor, region: Region) -> None:
    if region.retired or not region.mainland or not may_place(actor, region.code):
        raise ValidationError({"region": _("Choose a current county in your jurisdiction.")})


def _check_liaison_officer(officer, region: Region) -> None:
    if officer is not None and not principal_of(officer).covers(region.code):
        raise ValidationError({"liaison_officer": _(
            "The liaison officer must work in an office whose jurisdiction includes "
            "this enterprise's county.")})


def _apply(obj, data: Mapping[str, Any], fields: Iterable[str]) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


@transaction.atomic
def enterprise_create(*, actor, data: Mapping[str, Any], tags: Iterable[Tag] = ()) -> Enterprise:
    enterprise = Enterprise()
    _apply(enterprise, data, ENTERPRISE_FIELDS)
    _check_placement(actor, enterprise.region)
    _check_liaison_officer(enterprise.liaison_officer, enterprise.region)
    enterprise.search_text = indexed_text(enterprise)
    enterprise.full_clean()
    enterprise.save()
    tag_names = sorted(tag.name for tag in tags)
    enterprise.tags.set(tags)
    event_record(actor=actor, verb="enterprise.created", target=enterprise,
                 region_code=enterprise.region_id,
                 changes={**snapshot(enterprise, ENTERPRISE_FIELDS), "tags": tag_names})
    return enterprise


@transaction.atomic
def enterprise_update(*, actor, enterprise: Enterprise, data: Mapping[str, Any],
                      tags: Iterable[Tag] | None = None, expected_version: int) -> Enterprise:
    """Change an enterprise's file. Closing one is a status change here, never a deletion.

    The stored row, locked, is the "before": a form may already have changed the caller's
    object in memory while validating it.
    """
    stored = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if stored.version != expected_version:
        raise StaleEdit
    before = {**snapshot(stored, ENTERPRISE_FIELDS),
              "tags": sorted(stored.tags.values_list("name", flat=True))}
    region_before = stored.region_id
    _apply(stored, data, ENTERPRISE_FIELDS)
    if stored.region_id != region_before:
        _check_placement(actor, stored.region)
    if "liaison_officer" in data or stored.region_id != region_before:
        _check_liaison_officer(stored.liaison_officer, stored.region)
    stored.search_text = indexed_text(stored)
    stored.full_clean()
    stored.version += 1
    stored.save()
    after = snapshot(stored, ENTERPRISE_FIELDS)
    if tags is not None:
        tags = list(tags)
        stored.tags.set(tags)
        after["tags"] = sorted(tag.name for tag in tags)
    changes = changed_fields(before, after)
    if changes:
        verb = "enterprise.status_changed" if set(changes) == {"status"} else "enterprise.updated"
        event_record(actor=actor, verb=verb, target=stored, region_code=stored.region_id,
                     changes=changes)
    return stored


@dataclass(frozen=True)
class PersonAdded:
    person: Person
    linked: bool  # True: the person was already on file and is now linked, not created


@transaction.atomic
def person_add(*, actor, enterprise: Enterprise, data: Mapping[str, Any],
               relation: str) -> PersonAdded:
    """Put a person on an enterprise's file. A person whose document number is already on file
    (one 台商 often runs several enterprises) is linked, never entered twice."""
    on_file = _person_on_file(data)
    if on_file is not None:
        return PersonAdded(_person_link(actor=actor, person=on_file, enterprise=enterprise,
                                        relation=relation), linked=True)
    person = Person()
    _apply(person, data, PERSON_FIELDS)
    _check_placement(actor, person.region)
    person.search_text = indexed_text(person)
    person.full_clean()
    person.save()
    Affiliation.objects.create(person=person, enterprise=enterprise, relation=relation)
    after = snapshot(person, PERSON_FIELDS)
    after["document_number"] = person.masked_document_number
    event_record(actor=actor, verb="person.added", target=person,
                 timeline=timeline_key(enterprise), region_code=enterprise.region_id,
                 changes={**after, "relation": relation})
    return PersonAdded(person, linked=False)


def _person_on_file(data: Mapping[str, Any]) -> Person | None:
    if not data.get("document_number"):
        return None
    return Person.objects.filter(document_kind=data.get("document_kind", ""),
                                 document_number=data["document_number"]).first()


def _person_link(*, actor, person: Person, enterprise: Enterprise, relation: str) -> Person:
    if not may_place(actor, person.region_id):
        raise ValidationError({"document_number": _(
            "A person with this document number is on file in another office's jurisdiction. "
            "Ask that office to link them to this enterprise.")})
    if Affiliation.objects.filter(person=person, enterprise=enterprise).exists():
        raise ValidationError({"document_number": _(
            "%(name)s is already recorded for this enterprise.") % {"name": person.name}})
    Affiliation.objects.create(person=person, enterprise=enterprise, relation=relation)
    event_record(actor=actor, verb="person.linked", target=person,
                 timeline=timeline_key(enterprise), region_code=enterprise.region_id,
                 changes={"relation": relation})
    return person


@transaction.atomic
def person_update(*, actor, person: Person, enterprise: Enterprise,
                  data: Mapping[str, Any]) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person, PERSON_FIELDS)
    _apply(person, data, PERSON_FIELDS)
    _check_placement(actor, person.region)
    person.search_text = indexed_text(person)
    person.full_clean()
    person.save()
    changes = changed_fields(before, snapshot(person, PERSON_FIELDS))
    if "document_number" in changes:
        # The log is read by more people than may see the number.
        changes["document_number"] = ["***", person.masked_document_number]
    if changes:
        event_record(actor=actor, verb="person.updated", target=person,
                     timeline=timeline_key(enterprise), region_code=enterprise.region_id,
                     changes=changes)
    return person


@transaction.atomic
def person_document_reveal(*, actor, person: Person, enterprise: Enterprise) -> str:
    """Show a personal document number in full; every such view is on the record."""
    event_record(actor=actor, verb="person.document_viewed", target=person,
                 timeline=timeline_key(enterprise), region_code=enterprise.region_id,
                 changes={"document_kind": person.document_kind})
    return person.document_number


@transaction.atomic
def measure_add(*, actor, enterprise: Enterprise, data: Mapping[str, Any]) -> SupportMeasure:
    measure = SupportMeasure(enterprise=enterprise)
    _apply(measure, data, MEASURE_FIELDS)
    measure.full_clean()
    measure.save()
    event_record(actor=actor, verb="measure.added", target=measure,
                 timeline=timeline_key(enterprise), region_code=enterprise.region_id,
                 changes=snapshot(measure, MEASURE_FIELDS))
    return measure


@transaction.atomic
def measure_update(*, actor, measure: SupportMeasure, data: Mapping[str, Any]) -> SupportMeasure:
    measure = (SupportMeasure.objects.select_for_update().select_related("enterprise")
               .get(pk=measure.pk))
    before = snapshot(measure, MEASURE_FIELDS)
    _apply(measure, data, MEASURE_FIELDS)
    measure.full_clean()
    measure.save()
    changes = changed_fields(before, snapshot(measure, MEASURE_FIELDS))
    if changes:
        event_record(actor=actor, verb="measure.updated", target=measure,
                     timeline=timeline_key(measure.enterprise),
                     region_code=measure.enterprise.region_id, changes=changes)
    return measure
