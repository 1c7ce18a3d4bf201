from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import principal_of, visible
from qinshang.campaigns.models import Campaign
from qinshang.core.forms import DayField
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.regions.models import Region
from qinshang.reports.files import FORMATS


@dataclass(frozen=True)
class SummaryQuery:
    region: Region | None  # None: no division of the campaign is in the user's reach
    cutoff: datetime.date


def divisions_for(user, campaign: Campaign) -> dict[str, Region]:
    """The campaign's scope and the divisions below it that the user may read, by code."""
    regions = visible(user, Region, Region.objects.current()
                      .filter(campaign.scope.subtree_q("code")).select_related("parent"))
    return {region.code: region for region in regions.order_by("code")}


def default_division(user, campaign: Campaign, divisions: dict[str, Region]) -> Region | None:
    """The deeper of the campaign's scope and the user's own office: a county officer gets
    their county, a province officer a city campaign's city."""
    for office_code, _high in principal_of(user).read_ranges:
        if office_code in divisions:
            return divisions[office_code]
    return divisions.get(campaign.scope_id)


def default_cutoff(campaign: Campaign, today: datetime.date) -> datetime.date:
    """Today while the campaign runs, its last day once it is over, its first before it."""
    return max(campaign.starts_on, min(today, campaign.ends_on))


def _label(region: Region) -> str:
    if region.level == Region.Level.COUNTY and region.parent_id:
        return f"{region.parent.name} {region.name}"
    return region.name


class SummaryForm(forms.Form):
    """Which division, up to which day, and (to download) which file. A bad value is reported
    beside its field and the preview shows the default in its place."""

    region = forms.ChoiceField(label=_("Division"), required=False, widget=FastSelect,
                               error_messages={"invalid_choice": _(
                                   "Choose a division of the campaign within your "
                                   "jurisdiction.")})
    cutoff = DayField(label=_("Figures up to"), required=False,
                             widget=DateInput(),
                             help_text=_("The cut-off day: the last day counted."))
    format = forms.ChoiceField(label=_("File"), required=False,
                               choices=[(name, name) for name in FORMATS],
                               error_messages={"invalid_choice": _(
                                   "Choose Word (docx) or Excel (xlsx).")})

    def __init__(self, data=None, *, user, campaign: Campaign, today: datetime.date) -> None:
        self.campaign = campaign
        self.today = today
        self.divisions = divisions_for(user, campaign)
        division = default_division(user, campaign, self.divisions)
        super().__init__(data, initial={"region": division.code if division else "",
                                        "cutoff": default_cutoff(campaign, today)})
        self.fields["region"].choices = [(code, _label(region))
                                         for code, region in self.divisions.items()]

    def clean_cutoff(self) -> datetime.date | None:
        cutoff = self.cleaned_data.get("cutoff")
        if cutoff is None:
            return None
        campaign = self.campaign
        if not campaign.covers_day(cutoff):
            raise forms.ValidationError(
                _("Choose a day within the campaign, from %(start)s to %(end)s.")
                % {"start": campaign.starts_on.isoformat(), "end": campaign.ends_on.isoformat()})
        if cutoff > self.today:
            raise forms.ValidationError(_("The cut-off cannot be in the future: figures are "
                                          "counted only up to today."))
        return cutoff

    def query(self) -> SummaryQuery:
        """The valid choices, with the defaults in place of missing or invalid ones."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        code = data.get("region") or self.initial["region"]
        return SummaryQuery(region=self.divisions.get(code),
                            cutoff=data.get("cutoff") or self.initial["cutoff"])

    @property
    def download_format(self) -> str | None:
        """The file asked for, once every choice is valid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("format") or None
        return None
