"""The event log is append-only, and every write to the enterprise file adds exactly one row."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from qinshang.enterprises import services
from qinshang.enterprises.models import Enterprise, Person, SupportMeasure
from qinshang.events.models import AppendOnlyError, Event
from qinshang.events.services import event_record
from qinshang.regions.models import Region
from qinshang.testing import factories as f


@pytest.fixture
def event(cast):
    return event_record(actor=cast.owner, verb="enterprise.updated", target=cast.enterprise,
                        region_code="370102", changes={"name": ["旧名", "新名"]})


def unchanged(event: Event) -> bool:
    stored = Event.objects.get(pk=event.pk)
    return (stored.verb, stored.changes, stored.actor_id) == (
        "enterprise.updated", {"name": ["旧名", "新名"]}, event.actor_id)


# --- append-only --------------------------------------------------------------------------

def test_saving_a_recorded_event_again_is_refused(event):
    event.verb = "enterprise.created"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert unchanged(event)


def test_deleting_a_recorded_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert Event.objects.filter(pk=event.pk).exists()


def test_queryset_update_is_refused(event):
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(verb="enterprise.created")
    assert unchanged(event)


def test_queryset_delete_is_refused(event):
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    assert Event.objects.filter(pk=event.pk).exists()


def test_bulk_update_is_refused(event):
    event.verb = "enterprise.created"
    with pytest.raises((AppendOnlyError, DatabaseError)), transaction.atomic():
        Event.objects.bulk_update([event], ["verb"])
    assert unchanged(event)


def test_raw_sql_update_is_refused_by_the_database(event):
    # whatever code talks to the database, a recorded event cannot be changed
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE events_event SET verb = %s WHERE id = %s",
                       ["enterprise.created", event.pk])
    assert unchanged(event)


def test_new_events_can_still_be_added(event, cast):
    event_record(actor=cast.city, verb="enterprise.updated", target=cast.enterprise)
    assert Event.objects.filter(target_id=str(cast.enterprise.pk)).count() == 2


# --- one event per write ------------------------------------------------------------------

@pytest.fixture
def log(cast):
    """Events recorded after the cast was built."""
    start = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return lambda: list(Event.objects.filter(id__gt=start).order_by("id"))


def enterprise_fields(**overrides) -> dict:
    data = {"name": "济南台湾精品食品有限公司", "trade_name": "臺灣精品",
            "credit_code": f.credit_code("370102", 800001),
            "region": Region.objects.get(code="370102"), "address": "历山路1号",
            "industry": "14", "origin": "710000", "registered_capital": Decimal("300.00"),
            "total_investment": None, "employees": 40, "status": "operating",
            "liaison_officer": None}
    data.update(overrides)
    return data


def test_enterprise_create_records_one_event(cast, log):
    enterprise = services.enterprise_create(
        actor=cast.owner, data=enterprise_fields(liaison_officer=cast.owner),
        tags=[f.tag("专精特新")])
    [event] = log()
    assert (event.actor, event.verb, event.target_id) == (
        cast.owner, "enterprise.created", str(enterprise.pk))
    assert event.region_code == "370102"
    assert event.changes["name"] == "济南台湾精品食品有限公司"
    assert event.changes["region"] == "历下区"
    assert event.changes["liaison_officer"] == str(cast.owner)
    assert event.changes["tags"] == ["专精特新"]


def test_enterprise_update_records_the_changed_fields_only(cast, log):
    services.enterprise_update(actor=cast.city, enterprise=cast.enterprise,
                               data={"address": "经十路9号", "employees": 120},
                               tags=[f.tag("百强")], expected_version=cast.enterprise.version)
    [event] = log()
    assert (event.actor, event.verb) == (cast.city, "enterprise.updated")
    assert event.changes == {"address": ["", "经十路9号"], "employees": [None, 120],
                             "tags": [[], ["百强"]]}


def test_status_change_alone_has_its_own_verb(cast, log):
    services.enterprise_update(actor=cast.owner, enterprise=cast.enterprise,
                               data={"status": "closed"}, expected_version=1)
    [event] = log()
    assert event.verb == "enterprise.status_changed"
    assert event.changes == {"status": ["operating", "closed"]}
    assert Enterprise.objects.filter(pk=cast.enterprise.pk).exists()


def test_same_amount_in_another_notation_is_no_change(cast, log):
    # given a registered capital stored as 1000.00
    cast.enterprise.refresh_from_db()
    assert cast.enterprise.registered_capital == Decimal("1000.00")
    # when a user re-enters it as 1000 while changing the status
    services.enterprise_update(actor=cast.owner, enterprise=cast.enterprise,
                               data={"registered_capital": Decimal("1000"), "status": "closed"},
                               expected_version=1)
    # then only the status change is on record
    [event] = log()
    assert event.verb == "enterprise.status_changed"
    assert event.changes == {"status": ["operating", "closed"]}


def test_update_that_changes_nothing_records_nothing(cast, log):
    services.enterprise_update(actor=cast.owner, enterprise=cast.enterprise,
                               data={"name": cast.enterprise.name}, expected_version=1)
    assert log() == []


def test_refused_writes_record_nothing(cast, log):
    with pytest.raises(ValidationError):
        services.enterprise_create(actor=cast.owner, data=enterprise_fields(
            region=Region.objects.get(code="370103")))
    with pytest.raises(ValidationError):
        services.enterprise_update(actor=cast.owner, enterprise=cast.enterprise,
                                   data={"registered_capital": Decimal("-1")},
                                   expected_version=1)
    with pytest.raises(services.StaleEdit):
        services.enterprise_update(actor=cast.owner, enterprise=cast.enterprise,
                                   data={"address": "x"}, expected_version=7)
    assert log() == []
    assert Enterprise.objects.get(pk=cast.enterprise.pk).version == 1


def person_fields(**overrides) -> dict:
    data = {"name": "林美玲", "origin": "710000", "document_kind": "travel_permit",
            "document_number": "24681357", "phone": "13900000000",
            "region": Region.objects.get(code="370102")}
    data.update(overrides)
    return data


def test_person_add_records_one_event_without_the_full_number(cast, log):
    person = services.person_add(actor=cast.owner, enterprise=cast.enterprise,
                                 data=person_fields(), relation="manager").person
    [event] = log()
    assert (event.actor, event.verb, event.target_id) == (
        cast.owner, "person.added", str(person.pk))
    assert event.timeline == f"enterprises.enterprise:{cast.enterprise.pk}"
    assert event.changes["relation"] == "manager"
    assert event.changes["document_number"] == "24****57"
    assert "24681357" not in str(event.changes)


def test_person_update_records_a_masked_number_change(cast, log):
    old_number = cast.person.document_number
    services.person_update(actor=cast.owner, person=cast.person, enterprise=cast.enterprise,
                           data={"document_number": "11223344", "phone": "13911112222"})
    [event] = log()
    assert (event.actor, event.verb) == (cast.owner, "person.updated")
    assert event.changes["phone"] == [cast.person.phone, "13911112222"]
    assert event.changes["document_number"] == ["***", "11****44"]
    assert old_number not in str(event.changes)
    assert "11223344" not in str(event.changes)


def test_document_reveal_records_who_saw_it(cast, log):
    number = services.person_document_reveal(actor=cast.owner, person=cast.person,
                                             enterprise=cast.enterprise)
    [event] = log()
    assert number == cast.person.document_number
    assert (event.actor, event.verb, event.target_id) == (
        cast.owner, "person.document_viewed", str(cast.person.pk))
    assert number not in str(event.changes)


def test_measure_add_and_update_record_one_event_each(cast, log):
    measure = services.measure_add(actor=cast.owner, enterprise=cast.enterprise,
                                   data={"title": "协调用工", "status": "planned",
                                         "due_date": datetime.date(2025, 6, 30)})
    services.measure_update(actor=cast.city, measure=measure,
                            data={"status": "done", "title": "协调用工"})
    added, updated = log()
    assert (added.actor, added.verb, added.target_id) == (
        cast.owner, "measure.added", str(measure.pk))
    assert added.changes["due_date"] == "2025-06-30"
    assert (updated.actor, updated.verb) == (cast.city, "measure.updated")
    assert updated.changes == {"status": ["planned", "done"]}
    assert {added.timeline, updated.timeline} == {f"enterprises.enterprise:{cast.enterprise.pk}"}
    assert SupportMeasure.objects.get(pk=measure.pk).status == "done"


def test_person_refused_for_a_bad_number_records_nothing(cast, log):
    with pytest.raises(ValidationError):
        services.person_add(actor=cast.owner, enterprise=cast.enterprise,
                            data=person_fields(document_number="1234567"), relation="manager")
    assert log() == []
    assert not Person.objects.filter(name="林美玲").exists()
