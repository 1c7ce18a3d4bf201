"""The jurisdiction matrix's routes of the gatherings app (see tests/matrix_common.py).

The cast's events are the owner county's: a symposium attended by the cast's enterprise and
person, and a trade fair. Event pages are the offices' own work: department liaisons and portal
users find nothing, not even the lists. Recording needs write reach at the event's division; a
new event names the owner county's office, which other counties and cities cannot choose (400),
and nobody attending (the enterprise's name and credit code are secrets an outsider's refused
form must not echo)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from qinshang.testing.cast import OWNER_COUNTY, Cast
from tests.matrix_common import LOGIN, OBJECT_FORM, OBJECT_READ, OBJECT_WRITE, Route, expect

LABEL = "gatherings"
# The route names whose cases need this app's part of the cast (build below).
PREFIXES: tuple[str, ...] = ("gatherings:", "figures:gathering")

HELD = datetime.date(2026, 10, 15)
NEW_TITLE = "历下区台商秋季座谈会"
EDITED_TITLE = "历下区台商座谈会（扩大）"
RAISED_TITLE = "希望协调厂区周边交通"
PROJECT_NAME = "精密机械扩产二期项目"

EVENT_LIST = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                    other_city=200, department=404, portal=404, anonymous=LOGIN)
EVENT_CREATE_FORM = expect(owner=200, reader=403, neighbour=200, city=200, province=200,
                           other_city=200, department=404, portal=404, anonymous=LOGIN)
EVENT_CREATE_WRITE = expect(owner=302, reader=403, neighbour=400, city=302, province=302,
                            other_city=400, department=404, portal=404, anonymous=LOGIN)


@dataclass
class GatheringCast:
    symposium: Any
    fair: Any


def build(cast: Cast) -> GatheringCast:
    """This app's records for the matrix, reachable later as cast.extras["gatherings"]."""
    from qinshang.gatherings.models import Kind
    from qinshang.gatherings.services import gathering_record
    from qinshang.regions.models import Region
    from qinshang.testing.factories import office_at

    office, region = office_at(OWNER_COUNTY), Region.objects.get(code=OWNER_COUNTY)

    def record(kind: str, title: str):
        return gathering_record(
            actor=cast.owner, enterprises=[cast.enterprise], persons=[cast.person],
            data={"kind": kind, "title": title, "held_on": HELD, "office": office,
                  "region": region, "attendees": 15, "place": "区台办会议室"})

    return GatheringCast(symposium=record(Kind.SYMPOSIUM, "历下区台商座谈会"),
                         fair=record(Kind.TRADE_FAIR, "历下区台资项目洽谈会"))


def _extras(cast: Cast) -> GatheringCast:
    return cast.extras[LABEL]


def symposium_kwargs(cast: Cast) -> dict:
    return {"pk": _extras(cast).symposium.pk}


def fair_kwargs(cast: Cast) -> dict:
    return {"pk": _extras(cast).fair.pk}


def _office_pk() -> str:
    from qinshang.offices.models import Office

    return str(Office.objects.get(region_id=OWNER_COUNTY).pk)


NO_PROBLEMS = {"problems-TOTAL_FORMS": "3", "problems-INITIAL_FORMS": "0",
               "problems-MIN_NUM_FORMS": "0", "problems-MAX_NUM_FORMS": "20"}


def new_event_data(cast: Cast) -> dict:
    return {"kind": "round_table", "title": NEW_TITLE, "held_on": HELD.isoformat(),
            "ends_on": "", "office": _office_pk(), "region": OWNER_COUNTY, "place": "",
            "campaign": "", "team": "", "attendees": "30", "enterprises": "", "persons": "",
            "summary": "", **NO_PROBLEMS}


def edit_data(cast: Cast) -> dict:
    symposium = _extras(cast).symposium
    return {**new_event_data(cast), "kind": "symposium", "title": EDITED_TITLE,
            "enterprises": [str(cast.enterprise.pk)], "persons": [str(cast.person.pk)],
            "version": str(symposium.version)}


def appeals_data(cast: Cast) -> dict:
    from qinshang.appeals.models import Category

    return {**NO_PROBLEMS, "problems-0-party": f"enterprise:{cast.enterprise.pk}",
            "problems-0-category": str(Category.objects.get(code="logistics").pk),
            "problems-0-kind": "opinion", "problems-0-title": RAISED_TITLE,
            "problems-0-description": ""}


def project_data(cast: Cast) -> dict:
    return {"name": PROJECT_NAME, "investor": "台湾精机股份有限公司", "investor_origin": "710000",
            "region": OWNER_COUNTY, "industry": "34", "contracted_investment": "80,000,000",
            "signed_on": HELD.isoformat(), "enterprise": "", "notes": ""}


def event_created(cast: Cast, response) -> None:
    from qinshang.gatherings.models import Gathering

    created = Gathering.objects.get(title=NEW_TITLE)
    assert (created.region_id, created.attendees, created.recorded_by) == (
        OWNER_COUNTY, 30, response.wsgi_request.user)
    assert response["Location"] == reverse("gatherings:detail", args=[created.pk])


def event_edited(cast: Cast, response) -> None:
    from qinshang.gatherings.models import Gathering

    symposium = Gathering.objects.get(pk=_extras(cast).symposium.pk)
    assert (symposium.title, symposium.version) == (EDITED_TITLE, 2)


def appeal_raised(cast: Cast, response) -> None:
    from qinshang.gatherings.models import Gathering

    (appeal,) = Gathering.objects.get(pk=_extras(cast).symposium.pk).appeals.all()
    assert (appeal.title, appeal.channel, appeal.enterprise_id) == (
        RAISED_TITLE, "symposium", cast.enterprise.pk)


def project_recorded(cast: Cast, response) -> None:
    from qinshang.projects.models import Project

    project = Project.objects.get(name=PROJECT_NAME)
    assert project.signing_event_id == _extras(cast).fair.pk


ROUTES: dict[str, Route] = {
    "gatherings:list": Route(get=EVENT_LIST),
    "gatherings:export": Route(get=EVENT_LIST),
    "gatherings:create": Route(get=EVENT_CREATE_FORM, post=EVENT_CREATE_WRITE,
                               data=new_event_data, writes_on=302, effect=event_created),
    "gatherings:detail": Route(kwargs=symposium_kwargs, get=OBJECT_READ),
    "gatherings:edit": Route(kwargs=symposium_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                             data=edit_data, writes_on=302, effect=event_edited),
    "gatherings:appeals": Route(kwargs=symposium_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                                data=appeals_data, writes_on=302, effect=appeal_raised),
    "gatherings:project": Route(kwargs=fair_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                                data=project_data, writes_on=302, effect=project_recorded),
    "figures:gathering_counts": Route(get=EVENT_LIST),
    "figures:gathering_counts_export": Route(get=EVENT_LIST),
}


def snapshot() -> dict:
    """Every row of this app that a view of the matrix could change."""
    from qinshang.gatherings.models import Gathering

    return {
        "gatherings": list(Gathering.objects.order_by("pk").values()),
        "gathering_enterprises": list(Gathering.enterprises.through.objects.order_by("pk")
                                      .values()),
        "gathering_persons": list(Gathering.persons.through.objects.order_by("pk").values()),
        "gathering_appeals": list(Gathering.appeals.through.objects.order_by("pk").values()),
    }
