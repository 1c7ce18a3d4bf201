"""Widgets that render in Python what Django renders through one template per <option>.

Django's Select includes a template for every option: a filter bar with a few hundred
divisions and officers then costs tens of milliseconds per page.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

SELECTED = mark_safe(" selected")


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        # Not get_context(): it builds the option groups too, and iterating a model choice
        # field's choices a second time costs a second query.
        value = self.format_value(value)
        selected = {str(item) for item in value}
        groups = []
        for group_name, options, _index in self.optgroups(name, value):
            rendered = format_html_join(
                "", "<option value=\"{}\"{}>{}</option>",
                ((option["value"], SELECTED if str(option["value"]) in selected else "",
                  option["label"]) for option in options))
            groups.append(format_html("<optgroup label=\"{}\">{}</optgroup>", group_name,
                                      rendered) if group_name else rendered)
        return format_html("<select name=\"{}\"{}>{}</select>", name,
                           flatatt(self.build_attrs(self.attrs, attrs)),
                           format_html_join("", "{}", ((group,) for group in groups)))


class DateInput(forms.DateInput):
    """A browser date picker. The value is always written as YYYY-MM-DD, which is all that
    <input type=date> accepts: the localised format of zh-Hans (2026年11月21日) would leave the
    field empty."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
