"""What the filters of the figures pages share: a division of the user's jurisdiction (their
own office's when they have one office) and a period ``?from=&to=``. A bad value is reported
beside its field and left out, so the page always shows figures, and only figures of what the
user may see."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qinshang.access import principal_of, visible
from qinshang.core.forms import DayField, crumbs_above
from qinshang.core.widgets import FastSelect
from qinshang.regions.models import Region


def division_label(region: Region) -> str:
    if region.level == Region.Level.COUNTY and region.parent_id:
        return f"{region.parent.name} {region.name}"
    return region.name


class DivisionPeriodForm(forms.Form):
    region = forms.ChoiceField(label=_("Division"), required=False, widget=FastSelect,
                               error_messages={"invalid_choice": _(
                                   "Unknown division: choose one in your jurisdiction.")})
    # What the period counts by (the day a project was signed, a policy pushed …).
    period_labels: tuple[Promise, Promise] = (_("From"), _("To"))

    def __init__(self, data=None, *, user) -> None:
        self.regions = {region.code: region for region in visible(
            user, Region, Region.objects.current()).select_related("parent").order_by("code")}
        default = self._default_region(user)
        if data is not None and "region" not in data:
            # No division asked for: the default, shown in the field as well.
            data = data.copy()
            data["region"] = default.code if default else ""
        super().__init__(data, initial={"region": default.code if default else ""})
        self.default_region = default
        self.fields["region"].choices = [("", _("All in my jurisdiction"))] + [
            (code, division_label(region)) for code, region in self.regions.items()]
        # ?from=&to= (names Python cannot declare in the class body)
        first, last = self.period_labels
        self.fields["from"] = DayField(label=first, required=False)
        self.fields["to"] = DayField(label=last, required=False)

    def _default_region(self, user) -> Region | None:
        """The user's own office's division, when they have one office."""
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

    def chosen(self) -> dict[str, Any] | None:
        """The valid filters (a bad one left out); None when the page was opened bare."""
        if not self.is_bound:
            return None
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def division_and_period(self) -> tuple[Region | None, datetime.date | None,
                                           datetime.date | None]:
        data = self.chosen()
        if data is None:
            return self.default_region, None, None
        return self.regions.get(data.get("region") or ""), data.get("from"), data.get("to")

    def crumbs(self, region: Region | None) -> list[Region]:
        """The divisions above ``region`` that the user may open, top first."""
        return crumbs_above(self.regions, region)
