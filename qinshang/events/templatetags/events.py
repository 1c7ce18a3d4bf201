import datetime

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from qinshang.events import labels
from qinshang.events.models import Event

register = template.Library()


@register.filter
def verb_label(verb: str) -> str:
    return labels.verb_label(verb)


def _field(target_type: str, name: str):
    """The model field a changes key names; None for keys that are not a column (a reverse
    relation such as an appeal's attachments, or a service's own key such as "lead")."""
    try:
        field = apps.get_model(target_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return field if getattr(field, "concrete", False) else None


def _label(field, name: str) -> str:
    if field is not None:
        return capfirst(field.verbose_name)
    return capfirst(str(labels.CHANGE_LABELS.get(name, name)))


def _readable(field, value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        return _moment(value)
    return str(value)


def _moment(value: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "Y-m-d H:i")


@register.filter
def change_lines(event: Event) -> list[str]:
    """"Status: Operating → Closed" lines for an event's changes, in the reader's language."""
    lines = []
    for name, value in event.changes.items():
        field = _field(event.target_type, name)
        label = _label(field, name)
        if isinstance(value, list) and len(value) == 2 and event.verb in labels.PAIRED_CHANGES:
            old, new = value
            lines.append(_("%(field)s: %(old)s → %(new)s") % {
                "field": label, "old": _readable(field, old), "new": _readable(field, new)})
        else:
            lines.append(f"{label}: {_readable(field, value)}")
    return lines
