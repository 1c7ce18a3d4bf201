"""Every write of the donations: recording a donation in money and in kind, and correcting it.

Each is one transaction that checks everything before writing anything: the donor is within the
actor's jurisdiction and the recording office's division, the amounts are not negative, each item
has a quantity above zero, the day is not in the future, and something was given at all."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.access import may_place
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.errors import StaleEdit
from qinshang.donations.models import Donation, DonationItem, DonorKind
from qinshang.enterprises.models import Enterprise, Person
from qinshang.events.services import event_record, snapshot, timeline_key
from qinshang.offices.models import Office
from qinshang.text import indexed_text

__all__ = ["MAX_ITEMS", "DonationItemLine", "StaleEdit", "donation_record", "donation_update"]

DONATION_FIELDS = ("donor_kind", "donor_name", "recipient", "donated_on", "money", "purpose")
MAX_ITEMS = 50
ZERO = Decimal("0")


@dataclass(frozen=True)
class DonationItemLine:
    """One kind of item given: 1,490 protective suits (件) worth 70,000.00 yuan."""

    name: str
    quantity: Decimal
    unit: str
    value: Decimal

    def __str__(self) -> str:
        return f"{self.name} {self.quantity.normalize():f}{self.unit} {self.value}"


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _donor(data: Mapping[str, Any]) -> tuple[str, Enterprise | None, Person | None]:
    kind = data.get("donor_kind")
    enterprise = data.get("enterprise") if kind == DonorKind.ENTERPRISE else None
    person = data.get("person") if kind == DonorKind.PERSON else None
    if kind == DonorKind.ENTERPRISE and enterprise is None:
        raise ValidationError({"enterprise": _("Choose the enterprise that donated.")})
    if kind == DonorKind.PERSON and person is None:
        raise ValidationError({"person": _("Choose the person who donated.")})
    return kind, enterprise, person


def _donor_name(kind: str, enterprise: Enterprise | None, person: Person | None,
                given: str) -> str:
    """An association is named as given; an enterprise or a person by their name on file."""
    if enterprise is not None:
        return enterprise.name
    if person is not None:
        return person.name
    name = (given or "").strip()
    if kind == DonorKind.ASSOCIATION and not name:
        raise ValidationError({"donor_name": _("Give the association's name, e.g. "
                                               "济南市台商协会.")})
    return name


def _check_place(actor, office: Office, region_code: str, field: str) -> None:
    if not may_place(actor, office.region_id):
        raise TransitionRefused(_("You may record donations only for offices in your "
                                  "jurisdiction."))
    if not may_place(actor, region_code):
        raise ValidationError({field: _("This donor is outside your jurisdiction.")})
    if not office.region.contains(region_code):
        raise ValidationError({field: _("This donor is outside the division of %(office)s.")
                               % {"office": office.name}})


def _checked_items(items: Sequence[DonationItemLine]) -> list[DonationItem]:
    if len(items) > MAX_ITEMS:
        raise ValidationError({"items": _("At most %(max)d kinds of item per donation: record "
                                          "the rest as a second donation.") % {"max": MAX_ITEMS}})
    rows, problems = [], []
    for number, line in enumerate(items, start=1):
        name, unit = (line.name or "").strip(), (line.unit or "").strip()
        if not name:
            problems.append(_("Item %(number)d: name the item.") % {"number": number})
        if not unit:
            problems.append(_("Item %(number)d: give the unit (件, 个, 双, 箱 …).")
                            % {"number": number})
        if line.quantity is None or line.quantity <= ZERO:
            problems.append(_("Item %(number)d: the quantity must be more than zero.")
                            % {"number": number})
        if line.value is None or line.value < ZERO:
            problems.append(_("Item %(number)d: the value cannot be negative.")
                            % {"number": number})
        rows.append(DonationItem(name=name, quantity=line.quantity, unit=unit,
                                 value=line.value))
    if problems:
        raise ValidationError({"items": problems})
    for row in rows:
        row.full_clean(exclude=["donation"])
    return rows


def _apply(donation: Donation, data: Mapping[str, Any], office: Office,
           items: Sequence[DonationItemLine], at: datetime.datetime | None,
           actor) -> list[DonationItem]:
    """Set the donation's fields from ``data`` and check them with its items; writes nothing."""
    kind, enterprise, person = _donor(data)
    donation.donor_kind = kind
    donation.enterprise, donation.person = enterprise, person
    donation.donor_name = _donor_name(kind, enterprise, person, data.get("donor_name", ""))
    donation.office = office
    donation.region_id = (enterprise or person).region_id if (enterprise or person) \
        else office.region_id
    for name in ("recipient", "purpose"):
        setattr(donation, name, (data.get(name) or "").strip())
    donation.donated_on = data.get("donated_on")
    donation.money = data.get("money") if data.get("money") is not None else ZERO
    _check_place(actor, office, donation.region_id,
                 "enterprise" if enterprise else "person" if person else "office")
    if donation.money < ZERO:
        raise ValidationError({"money": _("An amount cannot be negative.")})
    if donation.donated_on and donation.donated_on > timezone.localdate(_now(at)):
        raise ValidationError({"donated_on": _("A donation cannot be dated in the future.")})
    rows = _checked_items(items)
    if donation.money == ZERO and not rows:
        raise ValidationError(_("Nothing was donated: give an amount of money or at least one "
                                "item."))
    donation.items_value = sum((row.value for row in rows), ZERO)
    donation.full_clean(exclude=["office", "region", "enterprise", "person", "recorded_by"])
    return rows


def _save_items(donation: Donation, rows: list[DonationItem]) -> None:
    donation.items.all().delete()
    for row in rows:
        row.donation = donation
    DonationItem.objects.bulk_create(rows)


def _items_text(rows: Sequence[DonationItem | DonationItemLine]) -> list[str]:
    return [f"{row.name} {Decimal(row.quantity).normalize():f}{row.unit} "
            f"{Decimal(row.value).quantize(Decimal('0.01'))}" for row in rows]


def _timeline(donation: Donation) -> str:
    donor: Model | None = donation.enterprise or donation.person
    return timeline_key(donor) if donor is not None else ""


@transaction.atomic
def donation_record(*, actor, data: Mapping[str, Any], items: Sequence[DonationItemLine] = (),
                    at: datetime.datetime | None = None) -> Donation:
    """Record a donation. ``data``: donor_kind, enterprise / person / donor_name, recipient,
    donated_on, money (Decimal), purpose, office (the recording office)."""
    office = data.get("office")
    if office is None:
        raise ValidationError({"office": _("Choose the office recording the donation.")})
    donation = Donation(recorded_by=actor, recorded_at=_now(at))
    rows = _apply(donation, data, office, items, at, actor)
    donation.search_text = indexed_text(donation)
    donation.save()
    _save_items(donation, rows)
    event_record(actor=actor, verb="donation.recorded", target=donation,
                 timeline=_timeline(donation), region_code=donation.region_id,
                 changes={**snapshot(donation, DONATION_FIELDS), "office": office.name,
                          "items": _items_text(rows),
                          "items_value": str(donation.items_value)}, at=at)
    return donation


@transaction.atomic
def donation_update(*, actor, donation: Donation, data: Mapping[str, Any],
                    items: Sequence[DonationItemLine] = (), version: int | None = None,
                    at: datetime.datetime | None = None) -> Donation:
    """Correct a donation; its items are replaced by ``items``. A ``version`` other than the
    stored one means someone saved in between: StaleEdit, nothing written."""
    if not may_place(actor, donation.region_id):
        raise TransitionRefused(_("You may change donations only in your jurisdiction."))
    Donation.objects.select_for_update().filter(pk=donation.pk).values_list("pk").get()
    donation.refresh_from_db()
    if version is not None and donation.version != version:
        raise StaleEdit(_("Someone else changed this donation after you opened it. Reload the "
                          "page to see their change, then make yours again."))
    before = {**snapshot(donation, DONATION_FIELDS), "office": donation.office.name,
              "donor": str(donation.enterprise_id or donation.person_id or ""),
              "items": _items_text(list(donation.items.all()))}
    rows = _apply(donation, data, data.get("office") or donation.office, items, at, actor)
    after = {**snapshot(donation, DONATION_FIELDS), "office": donation.office.name,
             "donor": str(donation.enterprise_id or donation.person_id or ""),
             "items": _items_text(rows)}
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if not changed:
        return donation
    donation.version += 1
    donation.search_text = indexed_text(donation)
    donation.save()
    _save_items(donation, rows)
    event_record(actor=actor, verb="donation.updated", target=donation,
                 timeline=_timeline(donation), region_code=donation.region_id,
                 changes=changed, at=at)
    return donation
