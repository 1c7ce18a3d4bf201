"""The division and period of the policy push figures and their export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from qinshang.figures.filters import DivisionPeriodForm
from qinshang.regions.models import Region


@dataclass(frozen=True)
class PushFigureQuery:
    region: Region | None            # None: all in the user's jurisdiction
    date_from: datetime.date | None
    date_to: datetime.date | None


class PolicyPushFigureForm(DivisionPeriodForm):
    period_labels = (_("Pushed from"), _("Pushed to"))

    def query(self) -> PushFigureQuery:
        return PushFigureQuery(*self.division_and_period())
