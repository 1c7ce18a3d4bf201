"""The forms of the donation pages: the donation with its items as a formset, and the list's
filters. Forms check input (an amount that is not a number, a negative amount, a quantity of
zero, a day in the future); the services check the business rules again and own the writes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinshang.core.forms import AmountField, DayField, add_service_errors, check_date_range
from qinshang.core.widgets import FastSelect
from qinshang.donations import selectors
from qinshang.donations.models import Donation, DonorKind
from qinshang.donations.services import MAX_ITEMS, DonationItemLine
from qinshang.enterprises.forms import RegionChoiceField
from qinshang.enterprises.models import Enterprise, Person
from qinshang.offices.models import Office
from qinshang.regions.models import Region
from qinshang.search.selectors import PickScope
from qinshang.search.widgets import EnterprisePicker, PersonPicker

NEGATIVE = _("An amount cannot be negative.")
NOT_A_NUMBER = _("Give a number, e.g. 187000 or 187000.50.")
EXTRA_ROWS = 3


class DonationAmountField(AmountField):
    default_error_messages = {"invalid": NOT_A_NUMBER, "min_value": NEGATIVE}


class DonorChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _(
        "Choose one of the list: those in your jurisdiction.")}

    def label_from_instance(self, obj) -> str:
        return obj.name


class OfficeField(forms.ModelChoiceField):
    widget = FastSelect
    default_error_messages = {"invalid_choice": _("Choose an office in your jurisdiction.")}

    def label_from_instance(self, office: Office) -> str:
        return office.name


class DonationForm(forms.Form):
    office = OfficeField(label=_("Recording office"), queryset=Office.objects.none())
    donor_kind = forms.ChoiceField(label=_("Donor"), choices=DonorKind.choices,
                                   widget=forms.RadioSelect, initial=DonorKind.ENTERPRISE)
    enterprise = DonorChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none(),
                                  required=False,
                                  widget=EnterprisePicker(scope=PickScope(write=True)))
    person = DonorChoiceField(label=_("Person"), queryset=Person.objects.none(),
                              required=False, widget=PersonPicker(scope=PickScope(write=True)))
    donor_name = forms.CharField(label=_("Association"), max_length=200, required=False,
                                 help_text=_("For an association: its name, e.g. "
                                             "济南市台商协会."))
    recipient = forms.CharField(label=_("Recipient"), max_length=200,
                                help_text=_("e.g. 蓬莱市防疫指挥部"))
    donated_on = DayField(label=_("Date"))
    money = DonationAmountField(label=_("Money (yuan)"), required=False, min_value=0,
                        help_text=_("Leave empty for a donation in kind only."))
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, user, donation: Donation | None = None, **kwargs) -> None:
        if donation is not None:
            kwargs.setdefault("initial", {
                "donor_kind": donation.donor_kind, "enterprise": donation.enterprise_id,
                "person": donation.person_id,
                "donor_name": donation.donor_name if donation.donor_kind ==
                DonorKind.ASSOCIATION else "",
                "recipient": donation.recipient, "donated_on": donation.donated_on,
                "money": donation.money, "purpose": donation.purpose,
                "version": donation.version})
        super().__init__(*args, **kwargs)
        enterprises, persons = selectors.donors_to_pick(user)
        self.fields["enterprise"].queryset = enterprises
        self.fields["person"].queryset = persons
        if donation is not None:
            del self.fields["office"]  # the donation stays with the office that recorded it
            self.fields["version"].required = True
        else:
            offices = selectors.offices_in_reach(user, write=True)
            self.fields["office"].queryset = offices
            self.fields["office"].initial = offices.values_list("pk", flat=True).first()
            del self.fields["version"]

    def clean_donated_on(self) -> datetime.date:
        day = self.cleaned_data["donated_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A donation cannot be dated in the future."), code="future")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("donor_kind")
        if kind == DonorKind.ENTERPRISE and not data.get("enterprise") \
                and "enterprise" not in self.errors:
            self.add_error("enterprise", _("Choose the enterprise that donated."))
        elif kind == DonorKind.PERSON and not data.get("person") and "person" not in self.errors:
            self.add_error("person", _("Choose the person who donated."))
        elif kind == DonorKind.ASSOCIATION and not (data.get("donor_name") or "").strip():
            self.add_error("donor_name", _("Give the association's name, e.g. 济南市台商协会."))
        return data

    def donation_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"donor_kind": data["donor_kind"], "enterprise": data.get("enterprise"),
                "person": data.get("person"), "donor_name": data.get("donor_name", ""),
                "recipient": data["recipient"], "donated_on": data["donated_on"],
                "money": data.get("money") or Decimal("0"), "purpose": data["purpose"],
                "office": data.get("office")}


class DonationItemForm(forms.Form):
    """One row of items; a row left wholly empty is no item (the rows filled before too, so a
    row is removed by emptying it)."""

    name = forms.CharField(label=_("Item"), max_length=100, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. 防护衣")}))
    quantity = DonationAmountField(label=_("Quantity"), max_digits=12, required=False,
                           error_messages={"invalid": _("Give the quantity as a number.")})
    unit = forms.CharField(label=_("Unit"), max_length=16, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("e.g. 件")}))
    value = DonationAmountField(label=_("Value (yuan)"), min_value=0, required=False)

    MISSING = {"name": _("Name the item."), "quantity": _("Give the quantity."),
               "unit": _("Give the unit (件, 个, 双, 箱 …)."),
               "value": _("Give the value in yuan (0 when not known).")}

    def clean_quantity(self) -> Decimal | None:
        quantity = self.cleaned_data["quantity"]
        if quantity is not None and quantity <= 0:
            raise ValidationError(_("The quantity must be more than zero."), code="min_value")
        return quantity

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [name for name in self.fields
                 if name in self.errors or data.get(name) not in (None, "")]
        if not given:
            return {}  # an empty row
        for name, message in self.MISSING.items():
            if name not in self.errors and data.get(name) in (None, ""):
                self.add_error(name, message)
        return data

    @property
    def is_item(self) -> bool:
        return bool(getattr(self, "cleaned_data", None))


class BaseItemFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for form in self.forms:
            # A row unchanged from the donation's item is still that item: it must be
            # cleaned, not skipped as an untouched extra row (the form says what is empty).
            form.empty_permitted = False
            form.use_required_attribute = False

    def lines(self) -> list[DonationItemLine]:
        return [DonationItemLine(name=form.cleaned_data["name"].strip(),
                                 quantity=form.cleaned_data["quantity"],
                                 unit=form.cleaned_data["unit"].strip(),
                                 value=form.cleaned_data["value"])
                for form in self.forms if form.is_item]


def items_formset(data=None, donation: Donation | None = None) -> BaseItemFormSet:
    initial = ([{"name": item.name, "quantity": item.quantity.normalize(), "unit": item.unit,
                 "value": item.value} for item in donation.items.all()]
               if donation is not None else [])
    formset = formset_factory(DonationItemForm, formset=BaseItemFormSet,
                              extra=min(len(initial) + EXTRA_ROWS, MAX_ITEMS),
                              max_num=MAX_ITEMS, validate_max=True, absolute_max=MAX_ITEMS + 10)
    return formset(data, initial=initial, prefix="items")


class DonationSheet:
    """The one submit of a donation: its fields and its items."""

    def __init__(self, data, *, user, donation: Donation | None = None) -> None:
        self.form = DonationForm(data, user=user, donation=donation)
        self.items = items_formset(data, donation)
        self.donation = donation

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.items.is_valid()])

    @property
    def status(self) -> int:
        if not self.form.is_bound:
            return 200
        return 400 if self.form.errors or self.items.total_error_count() else 200

    def lines(self) -> list[DonationItemLine]:
        return self.items.lines()

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "items" in error.error_dict:
            self.items.non_form_errors().extend(error.message_dict["items"])
            rest = {key: value for key, value in error.message_dict.items() if key != "items"}
            if not rest:
                return
            error = ValidationError(rest)
        add_service_errors(self.form, error)


class DonationFilterForm(forms.Form):
    q = forms.CharField(label=_("Donor"), required=False, max_length=100)
    donor_kind = forms.ChoiceField(label=_("Kind of donor"), required=False, widget=FastSelect,
                                   choices=[("", _("All")), *DonorKind.choices])
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code", empty_label=_("All"))
    date_from = DayField(label=_("From"), required=False)
    date_to = DayField(label=_("To"), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.divisions_in_reach(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_range(self, data, "date_from", "date_to")
        return data

    def criteria(self) -> selectors.DonationFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.DonationFilter(
            donor_kind=data.get("donor_kind", ""), region=data.get("region"),
            date_from=data.get("date_from"), date_to=data.get("date_to"),
            search=data.get("q", "") or "")
