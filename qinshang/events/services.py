"""Recording events. Every write service calls event_record inside its own transaction."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils import timezone

from qinshang.events.models import Event


def timeline_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value, for the changes column."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(_plain(item) for item in value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values as a reader of the log wants them: a related row by its name."""
    values = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, decimal.Decimal):
            # As stored: a form's 1000 and the database's 1000.00 are the same amount.
            places = getattr(obj._meta.get_field(name), "decimal_places", None)
            if places is not None and value.is_finite():
                value = value.quantize(decimal.Decimal(1).scaleb(-places))
        values[name] = str(value) if isinstance(value, models.Model) else _plain(value)
    return values


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list]:
    return {name: [before.get(name), after[name]] for name in after
            if before.get(name) != after[name]}


def event_record(*, actor, verb: str, target: models.Model | None = None,
                 target_type: str = "", target_id: str = "", target_repr: str = "",
                 timeline: str = "", region_code: str = "",
                 changes: Mapping[str, Any] | None = None, note: str = "",
                 at: datetime.datetime | None = None) -> Event:
    """Record one event. ``at`` is for entries of past work (demo data, imports); live
    services leave it to the clock."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_repr = target_repr or str(target)
    return Event.objects.create(
        at=at or timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr[:200],
        timeline=timeline or f"{target_type}:{target_id}",
        region_code=region_code,
        changes={key: _plain(value) for key, value in (changes or {}).items()},
        note=note,
    )
