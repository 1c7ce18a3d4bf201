from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qinshang.core.forms import DayField
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.enterprises.selectors import regions_in_reach
from qinshang.figures.appeals import department_subtrees_q
from qinshang.regions.models import Region


@dataclass(frozen=True)
class FiguresQuery:
    region: Region | None
    date_from: datetime.date
    date_to: datetime.date


def region_choices(user) -> QuerySet[Region]:
    """Cities and counties in reach; for a department liaison, those below their department,
    where the appeals routed to them come from."""
    regions = regions_in_reach(user)
    below_departments = department_subtrees_q(user, "code")
    if below_departments.children:
        regions = regions | (Region.objects.current().exclude(level=Region.Level.PROVINCE)
                             .filter(below_departments))
    return regions.select_related("parent__parent").order_by("code")


def _label(region: Region) -> str:
    if region.level == Region.Level.COUNTY and region.parent_id:
        return f"{region.parent.name} {region.name}"
    return region.name


class AppealFiguresForm(forms.Form):
    """Division and period of the dashboard. A bad value is reported beside its field and the
    default is used in its place, so the page always shows figures."""

    region = forms.ChoiceField(label=_("Division"), required=False, widget=FastSelect,
                               error_messages={"invalid_choice": _(
                                   "Unknown division: choose one in your jurisdiction.")})
    date_from = DayField(label=_("Registered from"), required=False,
                                widget=DateInput())
    date_to = DayField(label=_("Registered to"), required=False,
                              widget=DateInput())

    def __init__(self, data=None, *, user, today: datetime.date) -> None:
        defaults = {"date_from": today.replace(month=1, day=1), "date_to": today}
        if data is not None:
            # An empty date means the default: show it in the field as well.
            data = data.copy()
            for name, value in defaults.items():
                if not data.get(name):
                    data[name] = value.isoformat()
        super().__init__(data, initial=defaults)
        self.regions = {region.code: region for region in region_choices(user)}
        self.fields["region"].choices = [("", _("All in my jurisdiction"))] + [
            (code, _label(region)) for code, region in self.regions.items()]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period comes before its start."))
            data.pop("date_from", None)  # neither end is trusted: the default period is shown
        return data

    def query(self) -> FiguresQuery:
        """The valid filters, with the defaults in place of missing or invalid ones."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        start = data.get("date_from") or self.initial["date_from"]
        end = data.get("date_to") or self.initial["date_to"]
        if start > end:
            start, end = self.initial["date_from"], self.initial["date_to"]
        return FiguresQuery(region=self.regions.get(data.get("region") or ""),
                            date_from=start, date_to=end)
