"""Open311 intake: a service request becomes an appeal of the channel "Open311 API", registered
by the appeals' own service as the API key's user, with what the client sent beside it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from qinshang.access import principal_of
from qinshang.appeals.models import Appeal, Category, Channel, Priority
from qinshang.appeals.services import appeal_register
from qinshang.appeals.workflow import TransitionRefused
from qinshang.enterprises.models import Enterprise
from qinshang.open311.models import Submission


@dataclass(frozen=True)
class ServiceRequest:
    kind: str
    title: str
    description: str
    priority: str = Priority.NORMAL
    phone: str = ""
    address_string: str = ""
    lat: float | None = None
    long: float | None = None
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    media_url: str = ""


def request_submit(*, actor, category: Category, enterprise: Enterprise,
                   request: ServiceRequest) -> Appeal:
    """Register the request as an appeal of the enterprise. Only office staff who register
    appeals file through Open311: compatriots have the portal, departments receive appeals."""
    if not principal_of(actor).write_ranges:
        raise TransitionRefused(_("This api_key belongs to someone who may not register "
                                  "appeals."))
    with transaction.atomic():
        appeal = appeal_register(actor=actor, enterprise=enterprise, data={
            "kind": request.kind, "channel": Channel.API, "category": category,
            "priority": request.priority, "title": request.title,
            "description": request.description, "contact_phone": request.phone})
        submission = Submission(
            appeal=appeal, address_string=request.address_string, lat=request.lat,
            long=request.long, first_name=request.first_name, last_name=request.last_name,
            email=request.email, media_url=request.media_url)
        submission.full_clean()
        submission.save()
    return appeal
