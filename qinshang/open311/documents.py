"""The GeoReport v2 documents, as plain data: what ``formats`` writes as JSON or XML. Text is in
the active language; times are W3C datetimes with the offices' offset (+08:00)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.appeals.models import (
    FINAL_STATES,
    UNANSWERED_STATES,
    Appeal,
    Category,
    Kind,
    Priority,
    State,
)
from qinshang.open311.forms import TITLE_MAX

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"xml": "text/xml", "json": "application/json"}
# When the attributes below last changed; the categories' own changes in the admin come later.
DEFINITIONS_CHANGED = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)

Document = dict[str, Any]


def w3c(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _changeset() -> str:
    """Sortable: the last change of the service list or of a service definition."""
    categories = ContentType.objects.get_for_model(Category)
    edited = LogEntry.objects.filter(content_type=categories).aggregate(
        last=Max("action_time"))["last"]
    latest = max(filter(None, [DEFINITIONS_CHANGED, edited]))
    return timezone.localtime(latest).strftime("%Y-%m-%d %H:%M")


def discovery() -> Document:
    changeset = _changeset()
    base = reverse("open311:discovery", kwargs={"format": "xml"}).rsplit("/", 1)[0]
    return {
        "changeset": changeset,
        "contact": _("Ask the Taiwan Affairs Office that serves you: %(site)s")
        % {"site": settings.QINSHANG_SITE_URL},
        "key_service": _("Office staff create a personal API token at %(page)s and send it "
                         "as api_key.")
        % {"page": settings.QINSHANG_SITE_URL + reverse("api_tokens:list")},
        "endpoints": [{
            "specification": SPECIFICATION, "url": settings.QINSHANG_SITE_URL + base,
            "changeset": changeset, "type": "production", "formats": list(FORMATS.values()),
        }],
    }


# --- services -------------------------------------------------------------------------------------

def service(category: Category) -> Document:
    names = dict.fromkeys([category.name_zh_hans, category.name_zh_hant, category.name_en])
    return {
        "service_code": category.code,
        "service_name": category.label,
        "description": _("Appeals of Taiwan-invested enterprises about: %(name)s")
        % {"name": category.label},
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(names),
        "group": _("Appeals"),
    }


def _values(choices) -> list[Document]:
    return [{"key": key, "name": str(label)} for key, label in choices]


def definition(category: Category) -> Document:
    return {"service_code": category.code, "attributes": [
        {"variable": True, "code": "kind", "datatype": "singlevaluelist", "required": True,
         "datatype_description": _("One of the keys below."), "order": 1,
         "description": _("What kind of appeal this is."), "values": _values(Kind.choices)},
        {"variable": True, "code": "title", "datatype": "string", "required": True,
         "datatype_description": _("One line, at most %(count)d characters.")
         % {"count": TITLE_MAX}, "order": 2,
         "description": _("The subject of the appeal, in a few words; the description "
                          "says the rest.")},
        {"variable": True, "code": "priority", "datatype": "singlevaluelist", "required": False,
         "datatype_description": _("One of the keys below; normal when left out."), "order": 3,
         "description": _("How urgent it is. Emergency assistance is always urgent (green "
                          "channel)."), "values": _values(Priority.choices)},
    ]}


# --- service requests ---------------------------------------------------------------------------

def notice(appeal: Appeal) -> str | None:
    if appeal.state not in UNANSWERED_STATES or appeal.answer_due is None:
        return None
    return _("%(office)s answers appeal %(reference)s by %(due)s.") % {
        "office": appeal.office.name, "reference": appeal.reference,
        "due": timezone.localtime(appeal.answer_due).strftime("%Y-%m-%d %H:%M")}


def submitted(appeal: Appeal) -> Document:
    return {"service_request_id": str(appeal.pk), "service_notice": notice(appeal),
            "account_id": None}


def request(appeal: Appeal) -> Document:
    submission = getattr(appeal, "open311", None)
    enterprise = appeal.enterprise
    address = (enterprise.address if enterprise is not None else "") or (
        submission.address_string if submission is not None else "")
    return {
        "service_request_id": str(appeal.pk),
        "status": "closed" if appeal.state in FINAL_STATES else "open",
        "status_notes": str(State(appeal.state).label),
        "service_name": appeal.category.label,
        "service_code": appeal.category.code,
        "description": appeal.description,
        "agency_responsible": appeal.office.name,
        "service_notice": notice(appeal),
        "requested_datetime": w3c(appeal.registered_at),
        "updated_datetime": w3c(getattr(appeal, "updated_at", None) or appeal.registered_at),
        "expected_datetime": w3c(appeal.answer_due),
        "address": address or None,
        "address_id": enterprise.credit_code if enterprise is not None else None,
        "zipcode": None,
        "lat": submission.lat if submission is not None else None,
        "long": submission.long if submission is not None else None,
        "media_url": (submission.media_url or None) if submission is not None else None,
    }
