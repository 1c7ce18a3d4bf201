"""What every form page shares."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from qinshang.core.widgets import DateInput

GROUPING = re.compile(r"[,，\s]")


class AmountField(forms.DecimalField):
    """An amount as people type it, read as Decimal from the text (never through float):
    thousands separators are allowed (1,234,567.89, 187，000), so the box is text, not a number
    input, which would refuse them."""

    widget = forms.TextInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        return attrs

    def to_python(self, value) -> Decimal | None:
        if isinstance(value, str):
            value = GROUPING.sub("", value)
        return super().to_python(value)


# The days a form may name. Beyond them a date only overflows the arithmetic of periods (there is
# no day after 9999-12-31, nor a time zone before 0001-01-01), which would answer a 500.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)


class DayField(forms.DateField):
    """A day between 1900 and 2999, the only kind of date field of the forms."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        if value and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(_("Give a date between %(first)s and %(last)s.")
                                  % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
                                  code="out_of_range")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: beside the field it names, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def form_status(form: forms.BaseForm) -> int:
    """400 for a submitted form with errors, so that a refusal is never mistaken for success."""
    return 400 if form.is_bound and form.errors else 200


def query_without_page(request: HttpRequest) -> str:
    """The list's filters, for the pager's links to carry."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def check_date_range(form: forms.BaseForm, data: dict, start: str, end: str) -> None:
    """A range whose end comes before its start: said beside the end field, which is then left
    out so that the other filters still apply."""
    first, last = data.get(start), data.get(end)
    if first and last and first > last:
        form.add_error(end, _("The end date is before the start date."))


def crumbs_above(regions: dict, region) -> list:
    """The divisions above ``region`` among ``regions`` (code → Region, those the user may
    open), top first: the breadcrumbs of a figures page."""
    crumbs = []
    code = region.parent_id if region is not None else None
    while code in regions:
        crumbs.append(regions[code])
        code = regions[code].parent_id
    return list(reversed(crumbs))
