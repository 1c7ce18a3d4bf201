"""The forms of the hotline pages. Forms check input (a phone number that is not a number, a score
outside 1–5, a time in the future, a line that closes before it opens); the services check the
business rules again and own the writes."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qinshang.appeals.models import Category, Kind
from qinshang.appeals.services import Problem
from qinshang.core.forms import DayField, add_service_errors, check_date_range
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.enterprises.forms import RegionChoiceField
from qinshang.enterprises.models import Enterprise, Person
from qinshang.hotlines import selectors
from qinshang.hotlines.models import (
    SCORES,
    CallOutcome,
    Hotline,
    HotlineStatus,
    TestCallRound,
    Weekday,
    validate_phone_number,
)
from qinshang.hotlines.services import Hours
from qinshang.offices.models import Office
from qinshang.regions.models import Region
from qinshang.search.widgets import EnterprisePicker, PersonPicker

EVERYTHING = ("", _("All"))
SCORE_RANGE = _("Scores run from 1 to 5.")
FUTURE_CALL = _("A call cannot be dated in the future.")
FUTURE_TEST_CALL = _("A test call cannot be dated in the future.")
UNKNOWN_OFFICE = _("Choose an office in your jurisdiction.")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; the value is always written as it reads it."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"step": 60, **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class OfficeField(forms.ModelChoiceField):
    widget = FastSelect
    default_error_messages = {"invalid_choice": UNKNOWN_OFFICE}

    def label_from_instance(self, office: Office) -> str:
        return office.name


class HotlineChoiceField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, hotline: Hotline) -> str:
        return f"{hotline.number} {hotline.purpose}"


def now_to_the_minute() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def _not_in_future(moment: datetime.datetime | None, message) -> datetime.datetime | None:
    if moment is not None and moment > timezone.now():
        raise ValidationError(message, code="future")
    return moment


# --- the line and its hours --------------------------------------------------------------------

class HotlineForm(forms.Form):
    office = OfficeField(label=_("Answering office"), queryset=Office.objects.none())
    number = forms.CharField(label=_("Phone number"), max_length=32,
                             validators=[validate_phone_number],
                             help_text=_("As published, e.g. 0531-86061234 or 12345."))
    purpose = forms.CharField(label=pgettext_lazy("hotline", "Purpose"), max_length=120,
                              help_text=_("e.g. 台胞台企服务热线 (service line for Taiwan "
                                          "compatriots and enterprises)"))
    always_open = forms.BooleanField(label=_("Open 24 hours"), required=False,
                                     help_text=_("Leave unticked to give the weekly hours "
                                                 "below."))
    starts_on = DayField(label=_("In service since"))
    status = forms.ChoiceField(label=_("Status"), choices=HotlineStatus.choices,
                               widget=FastSelect)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, user, hotline: Hotline | None = None, **kwargs) -> None:
        if hotline is not None:
            kwargs.setdefault("initial", {
                "number": hotline.number, "purpose": hotline.purpose,
                "always_open": hotline.always_open, "starts_on": hotline.starts_on,
                "status": hotline.status, "version": hotline.version})
        else:
            kwargs.setdefault("initial", {"always_open": True, "status": HotlineStatus.ACTIVE})
        super().__init__(*args, **kwargs)
        if hotline is not None:
            # The line stays with the office that answers it.
            del self.fields["office"]
            self.fields["version"].required = True
        else:
            offices = selectors.offices_in_reach(user, write=True)
            self.fields["office"].queryset = offices
            self.fields["office"].initial = offices.values_list("pk", flat=True).first()
            del self.fields["version"]
        self.fields["number"].widget.attrs.update({"autocomplete": "off", "inputmode": "tel"})

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip()

    def clean_purpose(self) -> str:
        return self.cleaned_data["purpose"].strip()

    def hotline_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ("number", "purpose", "always_open", "starts_on",
                                              "status")}


class DayHoursForm(forms.Form):
    """One weekday: closed (empty), one stretch, or two (a lunch break between)."""

    opens = forms.TimeField(label=_("Opens"), required=False, widget=TimeInput())
    closes = forms.TimeField(label=_("Closes"), required=False, widget=TimeInput())
    opens_2 = forms.TimeField(label=_("Opens again"), required=False, widget=TimeInput())
    closes_2 = forms.TimeField(label=_("Closes"), required=False, widget=TimeInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        first = self._stretch(data, "opens", "closes")
        second = self._stretch(data, "opens_2", "closes_2")
        if first is None and second is not None:
            self.add_error("opens", _("Give the first stretch of the day before the second."))
        elif first is not None and second is not None and second[0] < first[1]:
            self.add_error("opens_2", _("The second stretch must start after the first ends."))
        return data

    def _stretch(self, data, opens: str, closes: str):
        start, end = data.get(opens), data.get(closes)
        if start is None and end is None:
            return None
        if start is None or end is None:
            self.add_error(opens if start is None else closes, _(
                "Give both the opening and the closing time, or leave both empty."))
            return None
        if end <= start:
            self.add_error(closes, _("The line must close after it opens."))
            return None
        return start, end

    def hours(self, weekday: int) -> list[Hours]:
        data = getattr(self, "cleaned_data", {})
        rows = []
        for opens, closes in (("opens", "closes"), ("opens_2", "closes_2")):
            if data.get(opens) and data.get(closes):
                rows.append(Hours(weekday, data[opens], data[closes]))
        return rows


class BaseHoursFormSet(forms.BaseFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if index is not None:
            form.weekday = index
            form.day_name = Weekday(index).label
            for field in form.fields.values():
                field.widget.attrs["aria-label"] = f"{form.day_name} {field.label}"

    def hours(self) -> list[Hours]:
        return [row for form in self.forms for row in form.hours(form.weekday)]


HoursFormSet = formset_factory(DayHoursForm, formset=BaseHoursFormSet, extra=0, min_num=7,
                               max_num=7, validate_max=True)
WORKING_DAYS = {"opens": datetime.time(9), "closes": datetime.time(17)}


def hours_formset(data=None, hotline: Hotline | None = None) -> BaseHoursFormSet:
    """Seven rows, Monday to Sunday: the line's hours, or office hours on working days for a
    new line (used only when it is not open 24 hours)."""
    if hotline is not None:
        initial = [{} for _day in range(7)]
        for row in sorted(hotline.hours.all(), key=lambda row: (row.weekday, row.opens)):
            day = initial[row.weekday]
            if "opens" not in day:
                day.update(opens=row.opens, closes=row.closes)
            else:
                day.update(opens_2=row.opens, closes_2=row.closes)
    else:
        initial = [dict(WORKING_DAYS) if day < 5 else {} for day in range(7)]
    return HoursFormSet(data, initial=initial, prefix="hours")


class HotlineSheet:
    """The one submit of a line: its fields and, unless it is open 24 hours, its week."""

    def __init__(self, data, *, user, hotline: Hotline | None = None) -> None:
        self.form = HotlineForm(data, user=user, hotline=hotline)
        self.hours = hours_formset(data, hotline)

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if valid and self.form.cleaned_data["always_open"]:
            return True  # the week is not used: whatever is in it is not checked
        return self.hours.is_valid() and valid

    @property
    def status(self) -> int:
        if not self.form.is_bound:
            return 200
        failed = self.form.errors or self.hours.total_error_count()
        return 400 if failed else 200

    def week(self) -> list[Hours]:
        return [] if self.form.cleaned_data["always_open"] else self.hours.hours()

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "hours" in error.error_dict:
            self.hours.non_form_errors().extend(error.message_dict["hours"])
            rest = {key: value for key, value in error.message_dict.items() if key != "hours"}
            if not rest:
                return
            error = ValidationError(rest)
        add_service_errors(self.form, error)


# --- calls -------------------------------------------------------------------------------------

class CallerChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _(
        "Choose one of the list: those you may see in the line's division.")}

    def label_from_instance(self, obj) -> str:
        return obj.name


class CallForm(forms.Form):
    received_at = forms.DateTimeField(label=_("Time of the call"), widget=DateTimeInput())
    caller_name = forms.CharField(label=_("Caller"), max_length=64, required=False)
    caller_phone = forms.CharField(label=_("Caller's number"), max_length=32, required=False,
                                   validators=[validate_phone_number])
    enterprise = CallerChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none(),
                                   required=False, widget=EnterprisePicker)
    person = CallerChoiceField(label=_("Person"), queryset=Person.objects.none(),
                               required=False, widget=PersonPicker)
    topic = forms.CharField(label=_("Topic"), max_length=120)
    summary = forms.CharField(label=_("What was said"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, widget=FastSelect,
                                choices=[("", "---------"), *CallOutcome.choices],
                                help_text=_("Taking the call in as an appeal sets it."))

    def __init__(self, *args, user, hotline: Hotline, **kwargs) -> None:
        kwargs.setdefault("initial", {"received_at": now_to_the_minute()})
        super().__init__(*args, **kwargs)
        enterprises, persons = selectors.callers_to_pick(user, hotline)
        self.fields["enterprise"].queryset = enterprises
        self.fields["person"].queryset = persons
        for name in ("enterprise", "person"):
            self.fields[name].widget.narrow(region=hotline.region_id)
        self.fields["enterprise"].help_text = _("When the caller speaks for a known enterprise.")
        self.fields["caller_phone"].widget.attrs["inputmode"] = "tel"

    def clean_received_at(self) -> datetime.datetime:
        return _not_in_future(self.cleaned_data["received_at"], FUTURE_CALL)

    def clean_caller_phone(self) -> str:
        return self.cleaned_data["caller_phone"].strip()

    def call_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"received_at": data["received_at"], "caller_name": data["caller_name"].strip(),
                "caller_phone": data["caller_phone"], "topic": data["topic"].strip(),
                "summary": data["summary"].strip(), "outcome": data["outcome"]}


class AppealPartForm(forms.Form):
    """Taking the call in as an appeal (channel hotline), in the same step."""

    take_in = forms.BooleanField(label=_("Take the call in as an appeal"), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(),
                                      required=False, widget=FastSelect)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.REQUEST,
                             widget=FastSelect)
    title = forms.CharField(label=_("Subject"), max_length=120, required=False)
    description = forms.CharField(label=_("Description"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="appeal", **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("take_in"):
            if not data.get("category"):
                self.add_error("category", _("Choose the category of the appeal."))
            if not (data.get("title") or "").strip():
                self.add_error("title", _("Give the appeal a subject."))
        return data

    def problem(self) -> Problem | None:
        data = self.cleaned_data
        if not data.get("take_in"):
            return None
        return Problem(category=data["category"], title=data["title"].strip(),
                       description=data["description"].strip(), kind=data["kind"])


class CallSheet:
    def __init__(self, data, *, user, hotline: Hotline) -> None:
        self.form = CallForm(data, user=user, hotline=hotline)
        self.appeal = AppealPartForm(data)

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), self.appeal.is_valid()]
        # Taking the call in as an appeal sets its outcome; otherwise the user says it.
        if not self.appeal.cleaned_data.get("take_in") and "outcome" not in self.form.errors \
                and not self.form.cleaned_data.get("outcome"):
            self.form.add_error("outcome", _("Choose the outcome of the call."))
            return False
        return all(results)

    @property
    def status(self) -> int:
        if not self.form.is_bound:
            return 200
        return 400 if self.form.errors or self.appeal.errors else 200

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "problems" in error.error_dict:
            self.appeal.add_error("title", error.message_dict["problems"])
            rest = {key: value for key, value in error.message_dict.items() if key != "problems"}
            if not rest:
                return
            error = ValidationError(rest)
        add_service_errors(self.form, error)


class CallFilterForm(forms.Form):
    date_from = DayField(label=_("From"), required=False)
    date_to = DayField(label=_("To"), required=False)
    hotline = HotlineChoiceField(label=_("Line"), queryset=Hotline.objects.none(),
                                 required=False, empty_label=_("All"))
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, widget=FastSelect,
                                choices=[EVERYTHING, *CallOutcome.choices])

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hotline"].queryset = selectors.lines_to_pick(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_range(self, data, "date_from", "date_to")
        return data

    def criteria(self) -> selectors.CallFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.CallFilter(date_from=data.get("date_from"), date_to=data.get("date_to"),
                                    hotline=data.get("hotline"), outcome=data.get("outcome", ""))


class HotlineFilterForm(forms.Form):
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code", empty_label=_("All"))
    office = OfficeField(label=_("Answering office"), queryset=Office.objects.none(),
                         required=False, empty_label=_("All"))
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect,
                               choices=[EVERYTHING, *HotlineStatus.choices])

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.divisions_in_reach(user)
        self.fields["office"].queryset = selectors.offices_in_reach(user)

    def criteria(self) -> selectors.HotlineFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.HotlineFilter(region=data.get("region"), office=data.get("office"),
                                       status=data.get("status", ""))


# --- test-call rounds --------------------------------------------------------------------------

class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120,
                           help_text=_("e.g. April check of the 170 new hotlines"))
    office = OfficeField(label=_("Inspecting office"), queryset=Office.objects.none(),
                         help_text=_("The round calls lines within this office's division."))
    starts_on = DayField(label=_("Starts"))
    ends_on = DayField(label=_("Ends"))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offices = selectors.offices_in_reach(user, write=True)
        self.fields["office"].queryset = offices
        self.fields["office"].initial = offices.values_list("pk", flat=True).first()

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The round cannot end before it starts."))
        return data

    def round_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("name", "starts_on", "ends_on")}


class LineCriteriaForm(forms.Form):
    """Which lines the round is to call: by division (within the office's), status and the day
    they came into service (e.g. all the lines new since 2014-01-01)."""

    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code",
                               empty_label=_("The office's whole division"))
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect,
                               initial=HotlineStatus.ACTIVE,
                               choices=[EVERYTHING, *HotlineStatus.choices])
    since_from = DayField(label=_("In service since, from"), required=False,
                                 widget=DateInput())
    since_to = DayField(label=_("In service since, to"), required=False,
                               widget=DateInput())

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, prefix="lines", **kwargs)
        self.fields["region"].queryset = selectors.divisions_in_reach(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_range(self, data, "since_from", "since_to")
        return data

    def criteria(self, office: Office | None) -> selectors.LineCriteria | None:
        """The lines' criteria within ``office``'s division (None: nothing valid to count);
        before anything is chosen, the lines in service in the whole division."""
        if office is None:
            return None
        if not self.is_bound:
            return selectors.LineCriteria(region=office.region)
        if not self.is_valid():
            return None
        data = self.cleaned_data
        region = data.get("region") or office.region
        if not office.region.contains(region.code):
            self.add_error("region", _("%(division)s is outside the division of %(office)s.")
                           % {"division": region.name, "office": office.name})
            return None
        return selectors.LineCriteria(region=region, status=data.get("status") or "",
                                      since_from=data.get("since_from"),
                                      since_to=data.get("since_to"))


# --- test calls --------------------------------------------------------------------------------

SCORE_CHOICES = [(value, str(value)) for value in range(1, 6)]


def score_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=1, max_value=5,
        widget=forms.RadioSelect(choices=SCORE_CHOICES, attrs={"class": "score"}),
        error_messages={"min_value": SCORE_RANGE, "max_value": SCORE_RANGE,
                        "invalid": SCORE_RANGE})


class TestCallForm(forms.Form):
    __test__ = False  # not a pytest class

    called_at = forms.DateTimeField(label=_("Time of the call"), widget=DateTimeInput())
    answered = forms.TypedChoiceField(
        label=pgettext_lazy("test call", "Answered"), coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes, someone answered")), ("no", _("No answer"))],
        error_messages={"required": _("Say whether the line was answered.")})
    seconds_to_answer = forms.IntegerField(
        label=_("Seconds until answered"), required=False, min_value=0, max_value=3600,
        error_messages={"min_value": _("Give the seconds as a number from 0 to 3600."),
                        "max_value": _("Give the seconds as a number from 0 to 3600."),
                        "invalid": _("Give the seconds as a number from 0 to 3600.")})
    courtesy = score_field(_("Courtesy"))
    knowledge = score_field(_("Knowledge of the business"))
    ownership = score_field(_("First-contact ownership"))
    accuracy = score_field(_("Accuracy of the answer"))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    # The time the user was warned about as outside the line's hours: saving it again with
    # the same time records the call (kept, not counted).
    outside_hours_ok = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, test_round: TestCallRound | None = None, **kwargs) -> None:
        kwargs.setdefault("initial", {"called_at": now_to_the_minute()})
        super().__init__(*args, **kwargs)
        self.test_round = test_round
        self.fields["seconds_to_answer"].widget.attrs.update({"min": 0, "max": 3600})

    def clean_called_at(self) -> datetime.datetime:
        called_at = _not_in_future(self.cleaned_data["called_at"], FUTURE_TEST_CALL)
        test_round = self.test_round
        if test_round is not None:
            day = timezone.localdate(called_at)
            if not test_round.starts_on <= day <= test_round.ends_on:
                raise ValidationError(_("The round runs from %(start)s to %(end)s.") % {
                    "start": test_round.starts_on.isoformat(),
                    "end": test_round.ends_on.isoformat()})
        return called_at

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("answered"):
            if "seconds_to_answer" not in self.errors and data.get("seconds_to_answer") is None:
                self.add_error("seconds_to_answer",
                               _("Say how many seconds passed before the answer."))
            for name in SCORES:
                if name not in self.errors and data.get(name) is None:
                    self.add_error(name, _("Give a score from 1 to 5."))
        elif data.get("answered") is False:
            data["seconds_to_answer"] = None
            for name in SCORES:
                data[name] = None
        return data

    def score_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in SCORES]

    def confirmed_outside_hours(self) -> bool:
        called_at = self.cleaned_data["called_at"]
        return self.cleaned_data.get("outside_hours_ok") == stamp(called_at)

    def test_call_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"called_at": data["called_at"], "answered": data["answered"],
                "seconds_to_answer": data["seconds_to_answer"],
                **{name: data[name] for name in SCORES}, "notes": data["notes"].strip()}


def stamp(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")
