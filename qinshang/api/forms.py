"""Filters of the API's lists that no page offers (persons, visits across campaigns), written
like the pages' filter forms: a division must be in reach, dates in order."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import visible
from qinshang.api.selectors import PersonFilter, VisitFilter
from qinshang.campaigns.models import VisitMethod
from qinshang.core.forms import DayField, check_date_range
from qinshang.enterprises.forms import RegionChoiceField
from qinshang.enterprises.models import Enterprise
from qinshang.enterprises.selectors import regions_in_reach
from qinshang.regions.models import Region

UNKNOWN_ENTERPRISE = _("There is no such enterprise that you can see.")


class EnterpriseIdField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": UNKNOWN_ENTERPRISE}


class PersonFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=64)
    region = RegionChoiceField(queryset=Region.objects.none(), required=False,
                               to_field_name="code")
    enterprise = EnterpriseIdField(queryset=Enterprise.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_reach(user)
        self.fields["enterprise"].queryset = visible(user, Enterprise)

    def criteria(self) -> PersonFilter:
        data = self.cleaned_data
        return PersonFilter(text=data.get("q", ""), region=data.get("region"),
                            enterprise=data.get("enterprise"))


class VisitFilterForm(forms.Form):
    region = RegionChoiceField(queryset=Region.objects.none(), required=False,
                               to_field_name="code")
    enterprise = EnterpriseIdField(queryset=Enterprise.objects.none(), required=False)
    date_from = DayField(required=False)
    date_to = DayField(required=False)
    method = forms.ChoiceField(required=False, choices=[("", ""), *VisitMethod.choices])

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_in_reach(user)
        self.fields["enterprise"].queryset = visible(user, Enterprise)

    def clean(self) -> dict:
        data = super().clean()
        check_date_range(self, data, "date_from", "date_to")
        return data

    def criteria(self) -> VisitFilter:
        data = self.cleaned_data
        return VisitFilter(region=data.get("region"), enterprise=data.get("enterprise"),
                           date_from=data.get("date_from"), date_to=data.get("date_to"),
                           method=data.get("method", ""))


class TokenForm(forms.Form):
    """A new personal API token: its name, so that its owner can tell it apart."""

    name = forms.CharField(label=_("Name"), max_length=80,
                           help_text=_("What the token is for, e.g. “the county's statistics "
                                       "script”."))
