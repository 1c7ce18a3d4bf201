from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.core.widgets import DateInput, FastSelect
from qinshang.enterprises import selectors
from qinshang.enterprises.industries import industry_choices, section_choices
from qinshang.enterprises.models import Affiliation, Enterprise, Person, SupportMeasure, Tag
from qinshang.regions.models import Origin, Region

UNKNOWN_REGION = _("Unknown division: choose a county in your jurisdiction.")


class RegionChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": UNKNOWN_REGION}
    widget = FastSelect

    def label_from_instance(self, region: Region) -> str:
        parent = region.parent.name if region.parent_id and region.level == "county" else ""
        return f"{parent} {region.name}".strip()


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code", empty_label=_("All"))
    section = forms.ChoiceField(label=_("Industry"), required=False, widget=FastSelect)
    origin = forms.ChoiceField(label=_("Origin"), required=False, widget=FastSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect)
    tag = forms.ModelChoiceField(label=_("Tag"), queryset=Tag.objects.all(), required=False,
                                 empty_label=_("All"), widget=FastSelect)
    liaison_officer = forms.ModelChoiceField(label=_("Liaison officer"), required=False,
                                             queryset=Tag.objects.none(), empty_label=_("All"),
                                             widget=FastSelect)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["region"].queryset = selectors.regions_in_reach(user)
        self.fields["section"].choices = everything + section_choices()
        self.fields["origin"].choices = everything + list(Origin.choices)
        self.fields["status"].choices = everything + list(Enterprise.Status.choices)
        self.fields["liaison_officer"].queryset = selectors.officers_in_reach(user)

    def criteria(self) -> selectors.EnterpriseFilter:
        """The valid filters; an invalid one is left out and its message shown beside it."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.EnterpriseFilter(
            region=data.get("region"), section=data.get("section", ""),
            origin=data.get("origin", ""), status=data.get("status", ""),
            tag=data.get("tag"), liaison_officer=data.get("liaison_officer"),
            text=data.get("q", ""))


class EnterpriseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Enterprise
        fields = ["name", "trade_name", "credit_code", "region", "address", "industry", "origin",
                  "registered_capital", "total_investment", "employees", "status", "tags",
                  "liaison_officer"]
        field_classes = {"region": RegionChoiceField}
        widgets = {"tags": forms.CheckboxSelectMultiple, "industry": FastSelect,
                   "origin": FastSelect, "status": FastSelect, "liaison_officer": FastSelect}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.counties_for_filing(user)
        self.fields["liaison_officer"].queryset = selectors.officers_in_reach(user)
        self.fields["industry"].choices = [("", "---------"), *industry_choices()]
        self.fields["credit_code"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "maxlength": 18})
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_credit_code(self) -> str:
        return self.cleaned_data["credit_code"].strip().upper()

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()


class PersonForm(forms.ModelForm):
    relation = forms.ChoiceField(label=_("Relation to the enterprise"),
                                 choices=Affiliation.Relation.choices)

    class Meta:
        model = Person
        fields = ["name", "origin", "document_kind", "document_number", "phone", "region"]
        field_classes = {"region": RegionChoiceField}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.counties_for_filing(user)
        self.fields["document_number"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            del self.fields["relation"]

    def clean_document_number(self) -> str:
        return self.cleaned_data["document_number"].strip().upper()

    def _get_validation_exclusions(self):
        excluded = super()._get_validation_exclusions()
        if not self.instance.pk:
            # A new person whose number is already on file is linked by the service rather
            # than refused here; the number's form is still checked by Person.clean().
            excluded.add("document_number")
        return excluded


class MeasureForm(forms.ModelForm):
    class Meta:
        model = SupportMeasure
        fields = ["title", "detail", "department", "status", "due_date"]
        widgets = {"due_date": DateInput(),
                   "detail": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, enterprise: Enterprise, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = selectors.departments_for(enterprise)
