"""The division, period and kind of donor of the donation totals and their export. A bad value
is reported beside its field and left out, so the page always shows totals, and only of what
the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import principal_of, visible
from qinshang.core.forms import crumbs_above
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.donations.models import DonorKind
from qinshang.regions.models import Region


@dataclass(frozen=True)
class TotalsQuery:
    region: Region | None            # None: all in the user's jurisdiction
    date_from: datetime.date | None
    date_to: datetime.date | None
    donor_kind: str = ""


def division_label(region: Region) -> str:
    if region.level == Region.Level.COUNTY and region.parent_id:
        return f"{region.parent.name} {region.name}"
    return region.name


class DonationTotalsForm(forms.Form):
    region = forms.ChoiceField(label=_("Division"), required=False, widget=FastSelect,
                               error_messages={"invalid_choice": _(
                                   "Unknown division: choose one in your jurisdiction.")})
    donor_kind = forms.ChoiceField(label=_("Kind of donor"), required=False, widget=FastSelect,
                                   choices=[("", _("All")), *DonorKind.choices])

    def __init__(self, data=None, *, user) -> None:
        self.regions = {region.code: region for region in visible(
            user, Region, Region.objects.current()).select_related("parent").order_by("code")}
        ranges = principal_of(user).read_ranges
        default = self.regions.get(ranges[0][0]) if len(ranges) == 1 else None
        if data is not None and "region" not in data:
            data = data.copy()
            data["region"] = default.code if default else ""
        super().__init__(data, initial={"region": default.code if default else ""})
        self.default_region = default
        self.fields["region"].choices = [("", _("All in my jurisdiction"))] + [
            (code, division_label(region)) for code, region in self.regions.items()]
        # ?from=&to= (names Python cannot declare in the class body)
        self.fields["from"] = forms.DateField(label=_("From"), required=False,
                                              widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end of the period comes before its start."))
            data.pop("from", None)
            data.pop("to", None)
        return data

    def query(self) -> TotalsQuery:
        if not self.is_bound:
            return TotalsQuery(self.default_region, None, None)
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return TotalsQuery(region=self.regions.get(data.get("region") or ""),
                           date_from=data.get("from"), date_to=data.get("to"),
                           donor_kind=data.get("donor_kind") or "")

    def crumbs(self, region: Region | None) -> list[Region]:
        return crumbs_above(self.regions, region)
