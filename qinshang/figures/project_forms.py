"""The division, signing event and period of the project funnel and its export."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.core.widgets import FastSelect
from qinshang.figures.filters import DivisionPeriodForm
from qinshang.figures.projects import FunnelQuery
from qinshang.projects.selectors import signing_events_to_pick

EVENTS_OFFERED = 200


class ProjectFunnelForm(DivisionPeriodForm):
    event = forms.ChoiceField(label=_("Signed at"), required=False, widget=FastSelect,
                              error_messages={"invalid_choice": _(
                                  "Unknown event: choose one of the list.")})
    period_labels = (_("Signed from"), _("Signed to"))

    def __init__(self, data=None, *, user) -> None:
        super().__init__(data, user=user)
        self.events = {str(event.pk): event for event in
                       signing_events_to_pick(user)[:EVENTS_OFFERED]}
        self.fields["event"].choices = [("", _("All events and none"))] + [
            (pk, f"{event.held_on:%Y-%m-%d} {event.title}") for pk, event in self.events.items()]

    def query(self) -> FunnelQuery:
        region, start, end = self.division_and_period()
        event = self.events.get((self.chosen() or {}).get("event") or "")
        return FunnelQuery(region=region, signing_event=event, signed_from=start,
                           signed_to=end)
