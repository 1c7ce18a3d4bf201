"""The division, signing event and period of the project funnel and its export."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import principal_of, visible
from qinshang.core.forms import crumbs_above
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.figures.hotline_forms import division_label
from qinshang.figures.projects import FunnelQuery
from qinshang.projects.selectors import signing_events_to_pick
from qinshang.regions.models import Region

EVENTS_OFFERED = 200


class ProjectFunnelForm(forms.Form):
    """A bad value is reported beside its field and left out, so the page always shows
    figures, and only figures of what the user may see."""

    region = forms.ChoiceField(label=_("Division"), required=False, widget=FastSelect,
                               error_messages={"invalid_choice": _(
                                   "Unknown division: choose one in your jurisdiction.")})
    event = forms.ChoiceField(label=_("Signed at"), required=False, widget=FastSelect,
                              error_messages={"invalid_choice": _(
                                  "Unknown event: choose one of the list.")})

    def __init__(self, data=None, *, user) -> None:
        self.regions = {region.code: region for region in visible(
            user, Region, Region.objects.current()).select_related("parent").order_by("code")}
        self.events = {str(event.pk): event for event in
                       signing_events_to_pick(user)[:EVENTS_OFFERED]}
        default = self._default_region(user)
        if data is not None and "region" not in data:
            data = data.copy()
            data["region"] = default.code if default else ""
        super().__init__(data, initial={"region": default.code if default else ""})
        self.default_region = default
        self.fields["region"].choices = [("", _("All in my jurisdiction"))] + [
            (code, division_label(region)) for code, region in self.regions.items()]
        self.fields["event"].choices = [("", _("All events and none"))] + [
            (pk, f"{event.held_on:%Y-%m-%d} {event.title}") for pk, event in self.events.items()]
        # ?from=&to= (names Python cannot declare in the class body): the signing dates.
        self.fields["from"] = forms.DateField(label=_("Signed from"), required=False,
                                              widget=DateInput())
        self.fields["to"] = forms.DateField(label=_("Signed to"), required=False,
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

    def query(self) -> FunnelQuery:
        if not self.is_bound:
            return FunnelQuery(region=self.default_region)
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return FunnelQuery(region=self.regions.get(data.get("region") or ""),
                           signing_event=self.events.get(data.get("event") or ""),
                           signed_from=data.get("from"), signed_to=data.get("to"))

    def crumbs(self, region: Region | None) -> list[Region]:
        return crumbs_above(self.regions, region)
