"""The forms of the liaison pages. Forms check input and find what the user names (only among
what they may see); the services check the business rules (the member of staff belongs to the
office, a plan ends after it starts, a contact is not dated in the future) and the pages show
those refusals beside the field they are about."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import principal_of, visible
from qinshang.accounts.models import Membership, Role, User
from qinshang.appeals.models import Category
from qinshang.campaigns.forms import FastSelectMultiple, ProblemFormSet
from qinshang.core.forms import DayField, check_date_range
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.enterprises.models import Enterprise, Person
from qinshang.liaison import selectors
from qinshang.liaison.intervals import Standing
from qinshang.liaison.models import Interval, LiaisonPlan, Method
from qinshang.liaison.services import CounterpartChoice
from qinshang.offices.models import Department, Office
from qinshang.search.widgets import EnterprisePicker, PersonPicker

EVERYTHING = ("", _("All"))
ANY_METHOD = ("", _("Any"))
KIND_CHOICES = [("enterprise", _("Enterprise")), ("person", _("Person")),
                ("department", _("Department"))]
STANDING_CHOICES = [EVERYTHING, (Standing.OVERDUE.value, _("Overdue")),
                    (Standing.NOT_YET_DUE.value, _("Not yet due")),
                    (Standing.KEPT.value, _("Kept")), (Standing.ENDED.value, _("Ended")),
                    (Standing.NOT_STARTED.value, _("Not started"))]
TEXTAREA = {"rows": 3}


class OfficeField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, office: Office) -> str:
        return office.name


class OfficesField(forms.ModelMultipleChoiceField):
    widget = FastSelectMultiple

    def label_from_instance(self, office: Office) -> str:
        return office.name


class DepartmentField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, department: Department) -> str:
        return department.name


class StaffField(forms.TypedChoiceField):
    """A member of staff, chosen among the members of some offices, grouped by office (one
    statement for the choices)."""

    widget = FastSelect

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)
        self.users: dict[int, User] = {}

    def set_members(self, memberships: list[Membership], *, blank: str | None = None) -> None:
        groups: dict[Office, list[tuple[int, str]]] = {}
        for membership in memberships:
            self.users.setdefault(membership.user_id, membership.user)
            groups.setdefault(membership.office, []).append(
                (membership.user_id, str(membership.user)))
        choices: list = [("", blank)] if blank is not None else []
        choices += [(office.name, users) for office, users in groups.items()]
        self.choices = choices

    def user(self, value) -> User | None:
        return self.users.get(value) if value not in (None, "") else None


def _all(choices) -> list:
    return [EVERYTHING, *choices]


# --- the list filters ---------------------------------------------------------------------------

class PlanFilterForm(forms.Form):
    office = OfficeField(label=_("Office"), queryset=Office.objects.none(), required=False,
                         empty_label=_("All"))
    staff = StaffField(label=_("Who"), required=False)
    standing = forms.ChoiceField(label=_("Standing"), required=False, widget=FastSelect,
                                 choices=STANDING_CHOICES)
    kind = forms.ChoiceField(label=_("Counterpart"), required=False, widget=FastSelect,
                             choices=_all(KIND_CHOICES))
    interval = forms.ChoiceField(label=_("How often"), required=False, widget=FastSelect,
                                 choices=_all(Interval.choices))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.offices_in_reach(user)
        self.fields["staff"].set_members(selectors.office_staff(user), blank=str(EVERYTHING[1]))

    def criteria(self) -> selectors.PlanFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.PlanFilter(office=data.get("office"),
                                staff=self.fields["staff"].user(data.get("staff")),
                                standing=data.get("standing", ""), kind=data.get("kind", ""),
                                interval=data.get("interval", ""))


class ContactFilterForm(forms.Form):
    date_from = DayField(label=_("From"), required=False)
    date_to = DayField(label=_("To"), required=False)
    staff = StaffField(label=_("Who"), required=False)
    method = forms.ChoiceField(label=_("How"), required=False, widget=FastSelect,
                               choices=_all(Method.choices))
    kind = forms.ChoiceField(label=_("Counterpart"), required=False, widget=FastSelect,
                             choices=_all(KIND_CHOICES))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].set_members(selectors.office_staff(user), blank=str(EVERYTHING[1]))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_range(self, data, "date_from", "date_to")
        return data

    def criteria(self) -> selectors.ContactFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.ContactFilter(date_from=data.get("date_from"),
                                   date_to=data.get("date_to"),
                                   staff=self.fields["staff"].user(data.get("staff")),
                                   method=data.get("method", ""), kind=data.get("kind", ""))


# --- the counterpart ----------------------------------------------------------------------------

class SeenChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _(
        "Choose one of the list: those in your jurisdiction.")}


class CounterpartMixin(forms.Form):
    """Whom: an enterprise or a person that the user sees (picked from the one search), or a
    department of the user's divisions."""

    kind = forms.ChoiceField(label=_("Counterpart"), choices=KIND_CHOICES,
                             initial="enterprise", widget=forms.RadioSelect)
    enterprise = SeenChoiceField(
        label=_("Enterprise"), required=False, queryset=Enterprise.objects.none(),
        widget=EnterprisePicker,
        help_text=_("Type part of the name or the credit code and choose it."))
    person = SeenChoiceField(label=_("Person"), required=False, queryset=Person.objects.none(),
                             widget=PersonPicker)
    department = DepartmentField(label=_("Department"), queryset=Department.objects.none(),
                                 required=False, empty_label="---------")

    COUNTERPART_FIELDS = ("kind", "enterprise", "person", "department")

    def setup_counterpart(self, user) -> None:
        self.user = user
        self.fields["department"].queryset = selectors.departments_in_reach(user)
        self.fields["enterprise"].queryset = visible(user, Enterprise)
        self.fields["person"].queryset = visible(user, Person)
        self.counterpart: CounterpartChoice | None = None

    def counterpart_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.COUNTERPART_FIELDS[1:]]

    def clean_counterpart(self, data: dict[str, Any]) -> None:
        kind = data.get("kind")
        if kind in self.errors:  # the value given could not be read: its message says so
            return
        if kind == "enterprise":
            if data.get("enterprise") is None:
                self.add_error("enterprise", _("Name the enterprise."))
            else:
                self.counterpart = CounterpartChoice(enterprise=data["enterprise"])
        elif kind == "person":
            if data.get("person") is None:
                self.add_error("person", _("Name the person."))
            else:
                self.counterpart = CounterpartChoice(person=data["person"])
        elif kind == "department":
            if data.get("department") is None:
                self.add_error("department", _("Choose the department."))
            else:
                self.counterpart = CounterpartChoice(department=data["department"])

    def initial_counterpart(self, enterprise: Enterprise | None) -> None:
        """Opened from an enterprise: it is named already."""
        if enterprise is not None:
            self.initial.update({"kind": "enterprise", "enterprise": enterprise.pk})


# --- plans --------------------------------------------------------------------------------------

class PlanFieldsMixin(forms.Form):
    interval = forms.ChoiceField(label=_("How often"), choices=Interval.choices,
                                 initial=Interval.QUARTERLY, widget=FastSelect)
    every_days = forms.IntegerField(label=_("Every how many days"), required=False,
                                    min_value=1, max_value=366,
                                    help_text=_("Only for plans that repeat every N days."))
    method = forms.ChoiceField(label=_("How"), required=False, widget=FastSelect,
                               choices=[ANY_METHOD, *Method.choices],
                               help_text=_("Any: a contact made in any way keeps the plan."))
    purpose = forms.CharField(label=_("What about"), max_length=200)
    starts_on = DayField(label=_("From"))
    ends_on = DayField(label=_("Until"), required=False, widget=DateInput(),
                              help_text=_("Leave empty for a plan without end. To end a plan, "
                                          "set its last day here."))

    PLAN_FIELDS = ("interval", "every_days", "method", "purpose", "starts_on", "ends_on")

    def plan_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"interval": data["interval"], "every_days": data.get("every_days"),
                "method": data.get("method") or "", "purpose": data["purpose"].strip(),
                "starts_on": data["starts_on"], "ends_on": data.get("ends_on")}

    def plan_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PLAN_FIELDS]


class PlanForm(CounterpartMixin, PlanFieldsMixin):
    office = OfficeField(label=_("Office"), queryset=Office.objects.none())
    staff = StaffField(label=_("Who"),
                       help_text=_("A member of the office chosen above."))

    field_order = ["office", "staff", "kind", "enterprise", "person", "department",
                   *PlanFieldsMixin.PLAN_FIELDS]

    def __init__(self, *args, user, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_counterpart(user)
        self.fields["office"].queryset = selectors.offices_in_reach(user, write=True)
        self.fields["staff"].set_members(selectors.office_staff(user, write=True),
                                         blank="---------")
        own = selectors.own_office(user)
        self.initial.setdefault("office", own.pk if own else None)
        self.initial.setdefault("staff", user.pk)
        self.initial.setdefault("starts_on", today)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.clean_counterpart(data)
        return data

    def staff_user(self) -> User:
        return self.fields["staff"].user(self.cleaned_data["staff"])


class PlanEditForm(PlanFieldsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, plan: LiaisonPlan, **kwargs) -> None:
        kwargs.setdefault("initial", {
            **{name: getattr(plan, name) for name in self.PLAN_FIELDS},
            "version": plan.version})
        super().__init__(*args, **kwargs)


SECTOR_CHOICES = Department.Sector.choices


class PlanRuleForm(PlanFieldsMixin):
    """Plans in bulk: every member with the role in each office, with the departments of the
    chosen sectors at that office's division (one plan per member and department)."""

    offices = OfficesField(label=_("Offices"), queryset=Office.objects.none(),
                           help_text=_("Hold Ctrl to choose several."))
    role = forms.ChoiceField(label=_("Whose plans"), widget=forms.RadioSelect,
                             initial=Role.LEADER,
                             choices=[(Role.LEADER, _("Each leader of these offices")),
                                      (Role.OFFICER, _("Each officer of these offices"))])
    sectors = forms.MultipleChoiceField(
        label=_("With the departments of"), choices=SECTOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For each office, the department of each sector at the office's own "
                    "division."))
    confirm = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_order = ["offices", "role", "sectors", *PlanFieldsMixin.PLAN_FIELDS]

    def __init__(self, *args, user, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offices"].queryset = (selectors.offices_in_reach(user, write=True)
                                           .select_related("region"))
        self.initial.setdefault("starts_on", today)
        self.counterparts: dict[int, list[CounterpartChoice]] = {}
        self.departments: dict[int, list[Department]] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        offices, sectors = data.get("offices"), data.get("sectors")
        if not offices or not sectors:
            return data
        found = selectors.departments_by_office(list(offices), sectors)
        labels = dict(SECTOR_CHOICES)
        for office in offices:
            missing = [str(labels[sector]) for sector in sectors if sector not in found[office.pk]]
            if missing:
                self.add_error("sectors", _(
                    "%(office)s: %(division)s has no department of %(sectors)s. Choose other "
                    "sectors or leave the office out.") % {
                        "office": office.name, "division": office.region.name,
                        "sectors": "、".join(missing)})
                continue
            departments = [found[office.pk][sector] for sector in sectors]
            self.departments[office.pk] = departments
            self.counterparts[office.pk] = [CounterpartChoice(department=department)
                                            for department in departments]
        return data

    def rule_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("offices", "role", "sectors")]


# --- contacts -----------------------------------------------------------------------------------

class ContactFieldsMixin(forms.Form):
    contacted_on = DayField(label=_("Date"))
    method = forms.ChoiceField(label=_("How"), choices=Method.choices, widget=FastSelect)
    content = forms.CharField(label=_("What was discussed"), max_length=4000,
                              widget=forms.Textarea(attrs=TEXTAREA))
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs=TEXTAREA))

    CONTACT_FIELDS = ("contacted_on", "method", "content", "outcome")

    def contact_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"contacted_on": data["contacted_on"], "method": data["method"],
                "content": data["content"].strip(), "outcome": data["outcome"].strip()}

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CONTACT_FIELDS]


class PlanContactForm(ContactFieldsMixin):
    """A contact for a plan: its member of staff and counterpart are the plan's."""

    def __init__(self, *args, plan: LiaisonPlan, today: datetime.date, **kwargs) -> None:
        kwargs.setdefault("initial", {"contacted_on": today,
                                      "method": plan.method or Method.VISIT})
        super().__init__(*args, **kwargs)
        if plan.method:
            self.fields["method"].help_text = _(
                "Only a contact made this way keeps this plan: %(method)s.") % {
                    "method": plan.get_method_display()}


class ContactForm(CounterpartMixin, ContactFieldsMixin):
    """A contact not started from a plan. Writers may name a colleague of their office; a
    leader records their own."""

    staff = StaffField(label=_("Who"), required=False)

    field_order = ["staff", "kind", "enterprise", "person", "department",
                   *ContactFieldsMixin.CONTACT_FIELDS]

    def __init__(self, *args, user, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setup_counterpart(user)
        self.initial.setdefault("contacted_on", today)
        self.initial.setdefault("method", Method.VISIT)
        if principal_of(user).write_ranges:
            self.fields["staff"].set_members(selectors.office_staff(user, write=True),
                                             blank=str(_("Myself")))
            self.fields["staff"].help_text = _("Who made the contact: you, or a colleague of "
                                               "your office.")
        else:
            del self.fields["staff"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.clean_counterpart(data)
        return data

    def staff_user(self) -> User:
        if "staff" not in self.fields:
            return self.user
        return self.fields["staff"].user(self.cleaned_data.get("staff")) or self.user


def problem_formset(data=None, *, prefix: str = "problems"):
    return ProblemFormSet(data, prefix=prefix, form_kwargs={
        "categories": list(Category.objects.filter(active=True))})
