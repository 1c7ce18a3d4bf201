"""The division and cut-off day of a campaign's coverage page and its export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import visible
from qinshang.campaigns.models import Campaign
from qinshang.core.forms import DayField, crumbs_above
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.figures.filters import division_label
from qinshang.regions.models import Region

LEVEL_RANK = {Region.Level.PROVINCE: 0, Region.Level.CITY: 1, Region.Level.COUNTY: 2}


@dataclass(frozen=True)
class CoverageQuery:
    region: Region
    cutoff: datetime.date


def campaign_divisions(user, campaign: Campaign) -> list[Region]:
    """The campaign's scope and the divisions below it that the user may see, as they stood
    during the campaign (a 2014 campaign lists 莱芜市, a 2026 one does not), top first."""
    regions = list(visible(user, Region, Region.objects.filter(campaign.scope.subtree_q("code"),
                                                               mainland=True))
                   .select_related("parent").order_by("code"))
    existing = [region for region in regions if _existed_during(region, campaign)]
    # An office whose own division did not exist then (莱芜区 for a 2014 campaign) still gets
    # a division to look at: its own, where nothing of that time is counted.
    return existing or regions


def _existed_during(region: Region, campaign: Campaign) -> bool:
    return ((region.valid_from is None or region.valid_from <= campaign.ends_on)
            and (region.valid_until is None or region.valid_until > campaign.starts_on)
            and (not region.retired or region.valid_until is not None))


def default_cutoff(campaign: Campaign, today: datetime.date) -> datetime.date:
    """Today, or the campaign's last day once it is over (its first day before it starts)."""
    return max(campaign.starts_on, min(today, campaign.ends_on))


class CampaignCoverageForm(forms.Form):
    """A bad value is reported beside its field and the default used in its place, so the page
    always shows figures, and only figures of a division the user may see."""

    region = forms.ChoiceField(label=_("Division"), required=False, widget=FastSelect,
                               error_messages={"invalid_choice": _(
                                   "Unknown division: choose one of the campaign's divisions "
                                   "in your jurisdiction.")})
    cutoff = DayField(label=_("Cut-off date"), required=False,
                             # ISO whatever the language: a date input reads nothing else.
                             widget=DateInput())

    def __init__(self, data=None, *, user, campaign: Campaign, today: datetime.date) -> None:
        self.campaign = campaign
        self.regions = {region.code: region for region in campaign_divisions(user, campaign)}
        defaults = {"region": self._default_region(), "cutoff": default_cutoff(campaign, today)}
        if data is not None:
            # An empty value means the default: show it in the field as well.
            data = data.copy()
            if not data.get("cutoff"):
                data["cutoff"] = defaults["cutoff"].isoformat()
        super().__init__(data, initial={"region": defaults["region"].code if
                                        defaults["region"] else "",
                                        "cutoff": defaults["cutoff"]})
        self.defaults = defaults
        self.fields["region"].choices = [(code, division_label(region))
                                         for code, region in self.regions.items()]

    def _default_region(self) -> Region | None:
        """The highest division the user may see: the scope, or their own office's."""
        if not self.regions:
            return None
        return min(self.regions.values(), key=lambda r: (LEVEL_RANK[r.level], r.code))

    def clean_cutoff(self) -> datetime.date | None:
        cutoff = self.cleaned_data.get("cutoff")
        campaign = self.campaign
        if cutoff is not None and not campaign.covers_day(cutoff):
            raise forms.ValidationError(
                _("Choose a day within the campaign, from %(start)s to %(end)s.")
                % {"start": campaign.starts_on.isoformat(), "end": campaign.ends_on.isoformat()})
        return cutoff

    def clean(self) -> dict:
        data = super().clean()
        region, cutoff = self.regions.get(data.get("region") or ""), data.get("cutoff")
        if region is not None and cutoff is not None and not region.existed_on(cutoff) \
                and region != self.defaults["region"]:
            self.add_error("region", _("%(name)s did not exist on %(day)s.")
                           % {"name": region.name, "day": cutoff.isoformat()})
        return data

    def query(self) -> CoverageQuery | None:
        """The valid choices, with the defaults in place of missing or invalid ones (None: the
        user may see no division of the campaign)."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        region = self.regions.get(data.get("region") or "") or self.defaults["region"]
        if region is None:
            return None
        return CoverageQuery(region=region, cutoff=data.get("cutoff") or self.defaults["cutoff"])

    def crumbs(self, region: Region | None) -> list[Region]:
        """The divisions above ``region`` that the user may open, top first."""
        return crumbs_above(self.regions, region)
