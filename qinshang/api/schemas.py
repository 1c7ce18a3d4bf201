"""What the API's answers share: references to other records (id or code and a name), amounts
as strings (a Decimal never becomes a float), and turning a page's filters into a page form."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Schema

from qinshang.api.errors import form_errors, invalid_input

# The days a filter may name. Beyond them a date only overflows the arithmetic of periods (there
# is no day after 9999-12-31, nor a time zone before 0001-01-01).
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)
Day = Annotated[datetime.date, Field(ge=FIRST_DAY, le=LAST_DAY)]


class RegionRef(Schema):
    code: str
    name: str


class Ref(Schema):
    id: int
    name: str


def region_ref(region) -> dict:
    return {"code": region.code, "name": region.name}


def ref(obj, name: str | None = None) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": name if name is not None else str(obj)}


def amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def form_data(query: Schema, *, exclude: tuple[str, ...] = ("page", "page_size"),
              renamed: dict[str, str] | None = None) -> dict[str, Any]:
    """The query's given values as a page's filter form reads them (absent ones left out)."""
    renamed = renamed or {}
    data = {}
    for name, value in query.model_dump().items():
        if name in exclude or value is None or value == "":
            continue
        data[renamed.get(name, name)] = value.isoformat() if hasattr(value, "isoformat") \
            else value
    return data


def checked(form):
    """The page's filter form, or 422 with its messages: a page shows a bad filter beside its
    field and leaves it out, but a program must learn that its filter was not applied."""
    if not form.is_bound:
        return form
    # A filter the page does not offer this user (a department liaison has no division filter)
    # would otherwise be dropped without a word.
    unknown = [(name, _("This filter is not offered to your role.")) for name in form.data
               if name not in form.fields]
    if unknown or not form.is_valid():
        raise invalid_input(unknown + form_errors(form))
    return form
