from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.search.kinds import KINDS

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_LENGTH, required=False,
                        strip=True)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds"))] + [(k.key, k.label) for k in KINDS])
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)
