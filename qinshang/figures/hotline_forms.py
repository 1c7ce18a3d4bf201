"""The division, round and period of the hotline ranking and its export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import visible
from qinshang.core.widgets import FastSelect
from qinshang.figures.filters import DivisionPeriodForm
from qinshang.hotlines.models import TestCallRound
from qinshang.regions.models import Region

ROUNDS_OFFERED = 60


@dataclass(frozen=True)
class RankingQuery:
    region: Region | None            # None: all in the user's jurisdiction
    test_round: TestCallRound | None
    date_from: datetime.date | None
    date_to: datetime.date | None


class HotlineRankingForm(DivisionPeriodForm):
    round = forms.ChoiceField(label=_("Test-call round"), required=False, widget=FastSelect,
                              error_messages={"invalid_choice": _(
                                  "Unknown round: choose one of the list.")})
    period_labels = (_("Called from"), _("Called to"))

    def __init__(self, data=None, *, user) -> None:
        super().__init__(data, user=user)
        self.rounds = {str(test_round.pk): test_round for test_round in
                       visible(user, TestCallRound).order_by("-starts_on", "-id")
                       [:ROUNDS_OFFERED]}
        self.fields["round"].choices = [("", _("All test calls"))] + [
            (pk, test_round.name) for pk, test_round in self.rounds.items()]

    def query(self) -> RankingQuery:
        region, start, end = self.division_and_period()
        test_round = self.rounds.get((self.chosen() or {}).get("round") or "")
        return RankingQuery(region=region, test_round=test_round, date_from=start, date_to=end)
