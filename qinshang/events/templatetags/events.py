from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from qinshang.events import labels
from qinshang.events.models import Event

register = template.Library()


@register.filter
def verb_label(verb: str) -> str:
    return labels.verb_label(verb)


def _field(target_type: str, name: str):
    try:
        return apps.get_model(target_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def _readable(field, value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


@register.filter
def change_lines(event: Event) -> list[str]:
    """"Status: Operating → Closed" lines for an event's changes, in the reader's language."""
    lines = []
    for name, value in event.changes.items():
        field = _field(event.target_type, name)
        label = capfirst(field.verbose_name) if field is not None else name
        if isinstance(value, list) and len(value) == 2 and event.verb.endswith(
                ("updated", "status_changed")):
            old, new = value
            lines.append(_("%(field)s: %(old)s → %(new)s") % {
                "field": label, "old": _readable(field, old), "new": _readable(field, new)})
        else:
            lines.append(f"{label}: {_readable(field, value)}")
    return lines
