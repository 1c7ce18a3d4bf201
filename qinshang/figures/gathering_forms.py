"""The division and period of the event counts and their export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import principal_of, visible
from qinshang.core.forms import crumbs_above
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.figures.hotline_forms import division_label
from qinshang.regions.models import Region


@dataclass(frozen=True)
class CountsQuery:
    region: Region | None            # None: all in the user's jurisdiction
    date_from: datetime.date | None
    date_to: datetime.date | None


class GatheringCountsForm(forms.Form):
    """A bad value is reported beside its field and left out, so the page always shows
    figures, and only figures of what the user may see."""

    region = forms.ChoiceField(label=_("Division"), required=False, widget=FastSelect,
                               error_messages={"invalid_choice": _(
                                   "Unknown division: choose one in your jurisdiction.")})

    def __init__(self, data=None, *, user) -> None:
        self.regions = {region.code: region for region in visible(
            user, Region, Region.objects.current()).select_related("parent").order_by("code")}
        default = self._default_region(user)
        if data is not None and "region" not in data:
            data = data.copy()
            data["region"] = default.code if default else ""
        super().__init__(data, initial={"region": default.code if default else ""})
        self.default_region = default
        self.fields["region"].choices = [("", _("All in my jurisdiction"))] + [
            (code, division_label(region)) for code, region in self.regions.items()]
        # ?from=&to= (names Python cannot declare in the class body)
        self.fields["from"] = forms.DateField(label=_("Held from"), required=False,
                                              widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("Held to"), required=False,
                                            widget=DateInput())

    def _default_region(self, user) -> Region | None:
        ranges = principal_of(user).read_ranges
        return self.regions.get(ranges[0][0]) if len(ranges) == 1 else None

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end of the period comes before its start."))
            data.pop("from", None)
            data.pop("to", None)
        return data

    def query(self) -> CountsQuery:
        if not self.is_bound:
            return CountsQuery(self.default_region, None, None)
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return CountsQuery(region=self.regions.get(data.get("region") or ""),
                           date_from=data.get("from"), date_to=data.get("to"))

    def crumbs(self, region: Region | None) -> list[Region]:
        return crumbs_above(self.regions, region)
