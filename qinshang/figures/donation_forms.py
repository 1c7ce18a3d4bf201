"""The division, period and kind of donor of the donation totals and their export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.core.widgets import FastSelect
from qinshang.donations.models import DonorKind
from qinshang.figures.filters import DivisionPeriodForm
from qinshang.regions.models import Region


@dataclass(frozen=True)
class TotalsQuery:
    region: Region | None            # None: all in the user's jurisdiction
    date_from: datetime.date | None
    date_to: datetime.date | None
    donor_kind: str = ""


class DonationTotalsForm(DivisionPeriodForm):
    donor_kind = forms.ChoiceField(label=_("Kind of donor"), required=False, widget=FastSelect,
                                   choices=[("", _("All")), *DonorKind.choices])

    def query(self) -> TotalsQuery:
        kind = (self.chosen() or {}).get("donor_kind") or ""
        return TotalsQuery(*self.division_and_period(), donor_kind=kind)
