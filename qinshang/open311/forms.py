"""The parameters of GeoReport v2: a service request posted (form-encoded, per the specification)
and the filters of GET Service Requests. Forms check input; the services check the rules."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.appeals.models import Kind, Priority
from qinshang.enterprises.models import Enterprise
from qinshang.open311 import selectors
from qinshang.open311.services import ServiceRequest

TITLE_MAX = 120            # Appeal.title
DESCRIPTION_MAX = 4000     # GeoReport v2: "free form text limited to 4,000 characters"
WINDOW = datetime.timedelta(days=90)  # GeoReport v2: a query spans at most 90 days
MAX_IDS = 1000             # GeoReport v2: the first 1000 requests at most

# The attributes of every service's definition (documents.ATTRIBUTES describes them to clients).
KIND = "attribute[kind]"
TITLE = "attribute[title]"
PRIORITY = "attribute[priority]"


class RequestForm(forms.Form):
    """POST Service Request. The enterprise is the one of the key's user's jurisdiction whose
    unified social credit code is ``address_id``, or else the only one whose name, trade name
    or address contains ``address_string`` (both folded)."""

    kind = forms.ChoiceField(choices=Kind.choices)
    title = forms.CharField(max_length=TITLE_MAX)
    priority = forms.ChoiceField(choices=Priority.choices, required=False)
    description = forms.CharField(max_length=DESCRIPTION_MAX, required=False)
    address_id = forms.CharField(max_length=32, required=False)
    address_string = forms.CharField(max_length=255, required=False)
    lat = forms.FloatField(min_value=-90, max_value=90, required=False)
    long = forms.FloatField(min_value=-180, max_value=180, required=False)
    first_name = forms.CharField(max_length=64, required=False)
    last_name = forms.CharField(max_length=64, required=False)
    phone = forms.CharField(max_length=32, required=False)
    email = forms.EmailField(required=False)
    media_url = forms.URLField(max_length=500, required=False, assume_scheme="https")

    # The parameter each field is read from, as a client sends it.
    PARAMETERS = {"kind": KIND, "title": TITLE, "priority": PRIORITY}

    def __init__(self, data, *, user) -> None:
        super().__init__(data)
        self.user = user
        self.enterprise: Enterprise | None = None
        for name in ("kind", "title"):
            self.fields[name].error_messages["required"] = _(
                "The attribute %(code)s is required.") % {"code": name}

    def add_prefix(self, field_name: str) -> str:
        return self.PARAMETERS.get(field_name, field_name)

    def clean(self) -> dict:
        data = super().clean()
        point = [data.get(name) for name in ("lat", "long") if name not in self.errors]
        if len(point) == 2 and point.count(None) == 1:
            self.add_error(None, _("Send lat and long together."))
        if self.errors:
            return data
        self.enterprise = self._enterprise(data)
        return data

    def _enterprise(self, data: dict) -> Enterprise | None:
        code, text = data.get("address_id", "").strip(), data.get("address_string", "").strip()
        if code:
            found = selectors.enterprise_by_credit_code(self.user, code)
            if found is None:
                self.add_error("address_id", _(
                    "No enterprise in your jurisdiction has the unified social credit code "
                    "%(code)s.") % {"code": code})
            return found
        if not text:
            self.add_error(None, _(
                "Say which enterprise the request concerns: its unified social credit code in "
                "address_id, or its name or address in address_string (lat and long alone do "
                "not name an enterprise)."))
            return None
        matches = selectors.enterprises_matching(self.user, text)
        if len(matches) == 1:
            return matches[0]
        if matches:
            self.add_error("address_string", _(
                "More than one enterprise in your jurisdiction matches “%(text)s”: send its "
                "unified social credit code in address_id.") % {"text": text})
        else:
            self.add_error("address_string", _(
                "No enterprise in your jurisdiction matches “%(text)s”.") % {"text": text})
        return None

    def service_request(self) -> ServiceRequest:
        data = self.cleaned_data
        title = data["title"].strip()
        return ServiceRequest(
            kind=data["kind"], title=title, priority=data["priority"] or Priority.NORMAL,
            # The appeal needs a description; the specification makes it optional.
            description=data["description"].strip() or title, phone=data["phone"].strip(),
            address_string=data["address_string"].strip(), lat=data["lat"], long=data["long"],
            first_name=data["first_name"].strip(), last_name=data["last_name"].strip(),
            email=data["email"], media_url=data["media_url"])


# --- GET Service Requests -----------------------------------------------------------------------

W3C_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
W3C_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")
STATUSES = ("open", "closed")


@dataclass(frozen=True)
class RequestFilter:
    ids: tuple[int, ...] = ()
    service_codes: tuple[str, ...] = ()
    statuses: frozenset[str] = frozenset()
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_w3c(text: str, *, end: bool) -> datetime.datetime:
    """A W3C datetime with its offset; a date alone is the whole day (from its start, or to its
    end) in the offices' time zone."""
    if W3C_DATE.fullmatch(text):
        day = datetime.date.fromisoformat(text) + datetime.timedelta(days=1 if end else 0)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return moment - datetime.timedelta(microseconds=1) if end else moment
    if not W3C_DATETIME.fullmatch(text):
        raise ValueError(text)
    return datetime.datetime.fromisoformat(text)


class RequestFilterForm(forms.Form):
    service_request_id = forms.CharField(required=False, max_length=20000)
    service_code = forms.CharField(required=False, max_length=2000)
    start_date = forms.CharField(required=False, max_length=40)
    end_date = forms.CharField(required=False, max_length=40)
    status = forms.CharField(required=False, max_length=40)

    def clean_service_request_id(self) -> tuple[int, ...]:
        ids = _listed(self.cleaned_data["service_request_id"])
        if any(not re.fullmatch(r"\d{1,18}", part) for part in ids):
            raise forms.ValidationError(_("Give service request ids as numbers, separated by "
                                          "commas."))
        if len(ids) > MAX_IDS:
            raise forms.ValidationError(_("Ask for at most %(count)d service requests at once.")
                                        % {"count": MAX_IDS})
        return tuple(int(part) for part in ids)

    def clean_service_code(self) -> tuple[str, ...]:
        return tuple(_listed(self.cleaned_data["service_code"]))

    def clean_status(self) -> frozenset[str]:
        statuses = frozenset(_listed(self.cleaned_data["status"]))
        if statuses - set(STATUSES):
            raise forms.ValidationError(_("The status is open or closed."))
        return statuses

    def _moment(self, name: str, *, end: bool) -> datetime.datetime | None:
        text = self.cleaned_data[name].strip()
        if not text:
            return None
        try:
            return parse_w3c(text, end=end)
        except ValueError:
            raise forms.ValidationError(_(
                "“%(value)s” is not a W3C date and time: write it like "
                "2026-06-01T00:00:00+08:00.") % {"value": text}) from None

    def clean_start_date(self) -> datetime.datetime | None:
        return self._moment("start_date", end=False)

    def clean_end_date(self) -> datetime.datetime | None:
        return self._moment("end_date", end=True)

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        start, end = data["start_date"], data["end_date"]
        if start is None and end is None:
            end = timezone.now()
        start = start if start is not None else end - WINDOW
        end = end if end is not None else start + WINDOW
        if start > end:
            raise forms.ValidationError(_("The start_date comes after the end_date."))
        if end - start > WINDOW:
            raise forms.ValidationError(_("A query spans at most 90 days."))
        data["start_date"], data["end_date"] = start, end
        return data

    def criteria(self) -> RequestFilter:
        data = self.cleaned_data
        if data["service_request_id"]:
            # GeoReport v2: the ids override every other argument.
            return RequestFilter(ids=data["service_request_id"])
        return RequestFilter(service_codes=data["service_code"], statuses=data["status"],
                             start=data["start_date"], end=data["end_date"])
