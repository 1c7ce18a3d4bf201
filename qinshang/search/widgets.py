"""Enterprise and person pickers for the forms that choose from the file.

A form's queryset may hold 100,000 enterprises: the picker never lists its choices. It renders
the chosen record(s) as hidden inputs (the POST stays plain primary keys) beside their names,
and a box that asks the one search (``search:pick``) as the user types; picker.js puts a match
clicked or chosen with the keyboard into the hidden input. The field's queryset stays the
authority: the name of a value is looked up in it, so a key outside it shows nothing, and the
field refuses it with its usual message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from qinshang.search.kinds import BY_KEY, SearchKind
from qinshang.search.selectors import PickScope


@dataclass(frozen=True)
class Chosen:
    pk: int
    name: str
    facts: tuple[str, ...]


class RecordPicker(forms.Widget):
    kind_key = ""
    allow_multiple_selected = False
    template_name = "search/widgets/picker.html"
    placeholder = _("Type part of the name, in Simplified or Traditional")

    def __init__(self, attrs: dict | None = None, scope: PickScope | None = None) -> None:
        super().__init__(attrs)
        self.scope = scope or PickScope()
        self.choices: Any = ()  # a ModelChoiceField puts its ModelChoiceIterator here

    def narrow(self, **scope: Any) -> None:
        """Offer only part of what the user may see (see PickScope), as the form's queryset
        does."""
        self.scope = replace(self.scope, **scope)

    @property
    def kind(self) -> SearchKind:
        return BY_KEY[self.kind_key]

    @property
    def multiple(self) -> bool:
        return self.allow_multiple_selected

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # the text box is not the value

    def format_value(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value]
        keys = []
        for item in values:
            key = str(getattr(item, "pk", item) if item is not None else "").strip()
            if key.isdigit() and key not in keys:
                keys.append(key)
        return keys if self.multiple else keys[:1]

    def chosen(self, keys: list[str]) -> list[Chosen]:
        """The records of ``keys`` that the field's queryset holds, in the order given."""
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not keys:
            return []
        kind = self.kind
        records = {record.pk: record for record in queryset.filter(pk__in=keys)
                   .select_related(*kind.related).prefetch_related(*kind.prefetch)}
        shown = [(record.pk, kind.shown(record)) for record in
                 (records[int(key)] for key in keys if int(key) in records)]
        return [Chosen(pk, view.title, view.facts) for pk, view in shown]

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["attrs"].setdefault("id", f"id_{name}")
        query = self.scope.params()
        widget.update(
            multiple=self.multiple, chosen=self.chosen(widget["value"]),
            placeholder=self.placeholder,
            pick_url=reverse("search:pick", args=[self.kind_key])
            + (f"?{urlencode(query)}" if query else ""))
        return context

    def value_from_datadict(self, data, files, name: str) -> Any:
        if not self.multiple:
            return data.get(name)
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if isinstance(values, str):
            values = [values]
        # An empty value is no record (a client posting "enterprises=" means none).
        return [value for value in values or [] if str(value).strip()]

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        # An empty multiple picker submits nothing, which means "none" (as with checkboxes).
        return False if self.multiple else name not in data


class EnterprisePicker(RecordPicker):
    kind_key = "enterprise"


class PersonPicker(RecordPicker):
    kind_key = "person"


class MultipleEnterprisePicker(EnterprisePicker):
    allow_multiple_selected = True
    placeholder = _("Type part of a name to add an enterprise")


class MultiplePersonPicker(PersonPicker):
    allow_multiple_selected = True
    placeholder = _("Type part of a name to add a person")
