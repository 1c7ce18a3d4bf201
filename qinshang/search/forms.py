from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.search.kinds import KINDS
from qinshang.search.selectors import PickScope

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_LENGTH, required=False,
                        strip=True)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds"))] + [(k.key, k.label) for k in KINDS])
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)


class PickForm(forms.Form):
    """What a form's picker asks: the text typed and the scope of the form's choices."""

    q = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    write = forms.BooleanField(required=False)
    region = forms.RegexField(regex=r"^\d{6}$", required=False)
    enterprise = forms.IntegerField(min_value=1, required=False)
    campaign = forms.IntegerField(min_value=1, required=False)

    def scope(self) -> PickScope:
        data = self.cleaned_data
        return PickScope(write=data["write"], region=data["region"],
                         enterprise=data["enterprise"], campaign=data["campaign"])
