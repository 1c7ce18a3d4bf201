"""The division, round and period of the hotline ranking and its export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import principal_of, visible
from qinshang.core.forms import crumbs_above
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.hotlines.models import TestCallRound
from qinshang.regions.models import Region

ROUNDS_OFFERED = 60


@dataclass(frozen=True)
class RankingQuery:
    region: Region | None            # None: all in the user's jurisdiction
    test_round: TestCallRound | None
    date_from: datetime.date | None
    date_to: datetime.date | None


def division_label(region: Region) -> str:
    if region.level == Region.Level.COUNTY and region.parent_id:
        return f"{region.parent.name} {region.name}"
    return region.name


class HotlineRankingForm(forms.Form):
    """A bad value is reported beside its field and left out, so the page always shows
    figures, and only figures of what the user may see."""

    region = forms.ChoiceField(label=_("Division"), required=False, widget=FastSelect,
                               error_messages={"invalid_choice": _(
                                   "Unknown division: choose one in your jurisdiction.")})
    round = forms.ChoiceField(label=_("Test-call round"), required=False, widget=FastSelect,
                              error_messages={"invalid_choice": _(
                                  "Unknown round: choose one of the list.")})

    def __init__(self, data=None, *, user) -> None:
        self.regions = {region.code: region for region in visible(
            user, Region, Region.objects.current()).select_related("parent").order_by("code")}
        self.rounds = {str(test_round.pk): test_round for test_round in
                       visible(user, TestCallRound).order_by("-starts_on", "-id")
                       [:ROUNDS_OFFERED]}
        default = self._default_region(user)
        if data is not None and "region" not in data:
            # No division asked for: the default, shown in the field as well.
            data = data.copy()
            data["region"] = default.code if default else ""
        super().__init__(data, initial={"region": default.code if default else ""})
        self.default_region = default
        self.fields["region"].choices = [("", _("All in my jurisdiction"))] + [
            (code, division_label(region)) for code, region in self.regions.items()]
        self.fields["round"].choices = [("", _("All test calls"))] + [
            (pk, test_round.name) for pk, test_round in self.rounds.items()]
        # ?from=&to= (names Python cannot declare in the class body)
        self.fields["from"] = forms.DateField(label=_("Called from"), required=False,
                                              widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("Called to"), required=False,
                                            widget=DateInput())

    def _default_region(self, user) -> Region | None:
        """The user's own office's division, when they have one office."""
        ranges = principal_of(user).read_ranges
        if len(ranges) != 1:
            return None
        return self.regions.get(ranges[0][0])

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end of the period comes before its start."))
            data.pop("from", None)
            data.pop("to", None)
        return data

    def query(self) -> RankingQuery:
        if not self.is_bound:
            return RankingQuery(self.default_region, None, None, None)
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        region = self.regions.get(data.get("region") or "")
        return RankingQuery(region=region, test_round=self.rounds.get(data.get("round") or ""),
                            date_from=data.get("from"), date_to=data.get("to"))

    def crumbs(self, region: Region | None) -> list[Region]:
        """The divisions above ``region`` that the user may open, top first."""
        return crumbs_above(self.regions, region)
