"""The division and period of the event counts and their export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from qinshang.figures.filters import DivisionPeriodForm
from qinshang.regions.models import Region


@dataclass(frozen=True)
class CountsQuery:
    region: Region | None            # None: all in the user's jurisdiction
    date_from: datetime.date | None
    date_to: datetime.date | None


class GatheringCountsForm(DivisionPeriodForm):
    period_labels = (_("Held from"), _("Held to"))

    def query(self) -> CountsQuery:
        return CountsQuery(*self.division_and_period())
