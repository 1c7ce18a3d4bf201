"""The forms of the policy pages. Forms check input (dates in order, known topics, files that
are what they claim); the services check the business rules again and own the writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qinshang.access import visible
from qinshang.appeals.uploads import AttachmentsField, attachments_help
from qinshang.core.forms import DayField
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.enterprises.models import INDUSTRY_DIVISION_CHOICES, Tag
from qinshang.figures.filters import division_label
from qinshang.offices.models import Office
from qinshang.policies import selectors, services
from qinshang.policies.models import Policy, Topic
from qinshang.regions.models import Region

EVERYTHING = ("", _("All"))
TEXT_FIELDS = ("title", "issuer", "document_number", "summary", "full_text")


def divisions_below(user, office: Office | None) -> list[Region]:
    """The current divisions within the office's division that the user may see."""
    regions = visible(user, Region, Region.objects.current()).select_related("parent")
    if office is not None:
        regions = regions.filter(office.region.subtree_q("code"))
    return list(regions.order_by("code"))


class DivisionsField(forms.MultipleChoiceField):
    """Divisions by code, among those offered; their Region rows are kept by the form."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"invalid_choice": _(
            "Unknown division: choose among those of your office's division.")})
        super().__init__(widget=forms.SelectMultiple(attrs={"size": 8}), **kwargs)


class TagsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs) -> None:
        super().__init__(queryset=Tag.objects.order_by("name"), required=False,
                         widget=forms.CheckboxSelectMultiple, **kwargs)


# --- the library's filters -------------------------------------------------------------------

class PolicyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Title, summary, document number or issuing body."))
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=FastSelect,
                              choices=[EVERYTHING, *Topic.choices])
    industry = forms.ChoiceField(label=_("Industry"), required=False, widget=FastSelect,
                                 choices=[EVERYTHING, *INDUSTRY_DIVISION_CHOICES])
    issuer = forms.ChoiceField(label=_("Issuing body"), required=False, widget=FastSelect)
    region = forms.ChoiceField(label=_("Division"), required=False, widget=FastSelect)
    valid_on = DayField(label=_("Valid on"), required=False)
    current = forms.BooleanField(label=_("Currently valid"), required=False)
    year = forms.TypedChoiceField(label=_("Year issued"), required=False, coerce=int,
                                  empty_value=None, widget=FastSelect)

    def __init__(self, data=None, *, user) -> None:
        super().__init__(data)
        self.regions = {region.code: region for region in divisions_below(user, None)}
        self.fields["region"].choices = [EVERYTHING] + [
            (code, division_label(region)) for code, region in self.regions.items()]
        self.fields["issuer"].choices = [EVERYTHING] + [
            (name, name) for name in selectors.issuers(user)]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [EVERYTHING] + [
            (year, str(year)) for year in range(this_year, this_year - 15, -1)]

    def criteria(self) -> selectors.PolicyFilter:
        """A bad value is reported beside its field and left out; the other filters apply."""
        if not self.is_bound:
            return selectors.PolicyFilter()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        valid_on = timezone.localdate() if data.get("current") else data.get("valid_on")
        return selectors.PolicyFilter(
            text=(data.get("q") or "").strip(), topic=data.get("topic") or "",
            industry=data.get("industry") or "", issuer=data.get("issuer") or "",
            region=self.regions.get(data.get("region") or ""), valid_on=valid_on,
            year=data.get("year"))


# --- the policy ------------------------------------------------------------------------------

class PolicyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    issuer = forms.CharField(label=_("Issuing body"), max_length=200,
                             help_text=_("e.g. 山东省人民政府办公厅"))
    document_number = forms.CharField(label=pgettext_lazy("policy", "Document number"),
                                      max_length=100, required=False,
                                      help_text=_("e.g. 鲁政办字〔2020〕25号"))
    issued_on = DayField(label=_("Date issued"))
    valid_from = DayField(label=_("Valid from"), required=False)
    valid_until = DayField(label=_("Valid until"), required=False, widget=DateInput(),
                                  help_text=_("Leave empty while it has no end date."))
    topics = forms.MultipleChoiceField(label=_("Topics"), choices=Topic.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       error_messages={"invalid_choice": _(
                                           "Unknown topic: choose among those listed.")})
    industries = forms.MultipleChoiceField(
        label=_("Industries it applies to"), required=False, choices=INDUSTRY_DIVISION_CHOICES,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("None chosen: every industry."),
        error_messages={"invalid_choice": _("Unknown industry: choose among those listed.")})
    regions = DivisionsField(label=_("Divisions it applies to"),
                             help_text=_("None chosen: the whole of the office's division."))
    tags = TagsField(label=_("Enterprise tags it applies to"),
                     help_text=_("None chosen: every enterprise."))
    summary = forms.CharField(label=_("Summary"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    full_text = forms.CharField(label=_("Full text"), required=False, max_length=200_000,
                                widget=forms.Textarea(attrs={"rows": 10}))
    files = AttachmentsField()
    remove_attachments = forms.MultipleChoiceField(label=_("Remove these attachments"),
                                                   required=False,
                                                   widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, user, office: Office | None, policy: Policy | None = None,
                 **kwargs) -> None:
        if policy is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(policy, name) for name in (*TEXT_FIELDS, "issued_on",
                                                            "valid_from", "valid_until")},
                "topics": [row.topic for row in policy.topics.all()],
                "industries": [row.industry for row in policy.industries.all()],
                "regions": [region.code for region in policy.regions.all()],
                "tags": list(policy.tags.all()), "version": policy.version})
            office = policy.office
        super().__init__(*args, **kwargs)
        self.divisions = {region.code: region for region in divisions_below(user, office)}
        self.fields["regions"].choices = [(code, division_label(region))
                                          for code, region in self.divisions.items()]
        self.fields["files"].help_text = attachments_help()
        if policy is not None and policy.attachments.all():
            self.fields["remove_attachments"].choices = [
                (str(a.pk), a.name) for a in policy.attachments.all()]
            self.fields["version"].required = True
        else:
            del self.fields["remove_attachments"]
            if policy is None:
                del self.fields["version"]
            else:
                self.fields["version"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("A policy cannot stop being valid before it "
                                            "starts."))
        return data

    def policy_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {**{name: data[name].strip() for name in TEXT_FIELDS},
                "issued_on": data["issued_on"], "valid_from": data["valid_from"],
                "valid_until": data["valid_until"]}

    def targeting(self) -> services.Targeting:
        data = self.cleaned_data
        return services.Targeting(
            topics=data["topics"], industries=data["industries"],
            regions=[self.divisions[code] for code in data["regions"]],
            tags=list(data["tags"]))

    def removed(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("remove_attachments") or []]


# --- the push --------------------------------------------------------------------------------

class PushForm(forms.Form):
    """The narrowing of the push page (read from GET for the preview, from POST to push);
    the policy's own targeting by default."""

    regions = DivisionsField(label=_("Divisions"),
                             help_text=_("None chosen: the whole of your office's division."))
    industries = forms.MultipleChoiceField(
        label=_("Industries"), required=False, choices=INDUSTRY_DIVISION_CHOICES,
        widget=forms.SelectMultiple(attrs={"size": 8}), help_text=_("None chosen: any."),
        error_messages={"invalid_choice": _("Unknown industry: choose among those listed.")})
    tags = TagsField(label=_("Enterprise tags"), help_text=_("None chosen: any."))
    note = forms.CharField(label=_("Note to the enterprises"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    expected = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, data=None, *, user, office: Office, policy: Policy) -> None:
        self.divisions = {region.code: region for region in divisions_below(user, office)}
        initial = {
            "regions": [region.code for region in policy.regions.all()
                        if region.code in self.divisions],
            "industries": [row.industry for row in policy.industries.all()],
            "tags": list(policy.tags.all())}
        super().__init__(data, initial=initial)
        self.fields["regions"].choices = [(code, division_label(region))
                                          for code, region in self.divisions.items()]

    def criteria(self) -> services.PushCriteria | None:
        """The chosen narrowing; the policy's own targeting when nothing was submitted; None
        when the input is invalid."""
        if not self.is_bound:
            return services.PushCriteria(
                regions=[self.divisions[code] for code in self.initial["regions"]],
                industries=self.initial["industries"], tags=self.initial["tags"])
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return services.PushCriteria(regions=[self.divisions[code] for code in data["regions"]],
                                     industries=data["industries"], tags=list(data["tags"]))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), max_length=300)
