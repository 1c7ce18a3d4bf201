"""The jurisdiction matrix's routes of the projects app and of the project funnel (see
tests/matrix_common.py).

The cast's project is the owner county's, registered as the cast's enterprise, with one
arrival of funds. Project pages and the funnel are the offices' own work: department liaisons
and portal users find nothing, not even the lists. A project is read and changed like the
enterprise's file (the county, the city, the province; the leader reads). A new project names
the owner county as its division, which other counties and cities cannot choose (400)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse

from qinshang.testing.cast import OWNER_COUNTY, Cast
from tests.matrix_common import LOGIN, OBJECT_FORM, OBJECT_READ, OBJECT_WRITE, Route, expect

LABEL = "projects"
# The route names whose cases need this app's part of the cast (build below).
PREFIXES: tuple[str, ...] = ("projects:", "figures:project")

SIGNED = datetime.date(2025, 9, 10)
NEW_PROJECT = "台资新能源电池项目"
EDITED_PROJECT = "精密轴承扩产项目（二期）"

PROJECT_LIST = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                      other_city=200, department=404, portal=404, anonymous=LOGIN)
PROJECT_CREATE_FORM = expect(owner=200, reader=403, neighbour=200, city=200, province=200,
                             other_city=200, department=404, portal=404, anonymous=LOGIN)
PROJECT_CREATE_WRITE = expect(owner=302, reader=403, neighbour=400, city=302, province=302,
                              other_city=400, department=404, portal=404, anonymous=LOGIN)


@dataclass
class ProjectCast:
    project: Any


def build(cast: Cast) -> ProjectCast:
    """This app's records for the matrix, reachable later as cast.extras["projects"]."""
    from qinshang.projects.services import project_create, project_stage_record
    from qinshang.regions.models import Region

    project = project_create(actor=cast.owner, data={
        "name": "精密轴承扩产项目", "investor": "台湾精密工业股份有限公司",
        "investor_origin": "710000", "region": Region.objects.get(code=OWNER_COUNTY),
        "industry": "34", "contracted_investment": Decimal("80000000"), "signed_on": SIGNED,
        "enterprise": cast.enterprise, "notes": ""})
    project_stage_record(actor=cast.owner, project=project, kind="funds",
                         happened_on=SIGNED + datetime.timedelta(days=30),
                         amount=Decimal("20000000"))
    project.refresh_from_db()
    return ProjectCast(project=project)


def _extras(cast: Cast) -> ProjectCast:
    return cast.extras[LABEL]


def project_kwargs(cast: Cast) -> dict:
    return {"pk": _extras(cast).project.pk}


def new_project_data(cast: Cast) -> dict:
    return {"name": NEW_PROJECT, "investor": "台湾新能源股份有限公司", "investor_origin": "710000",
            "region": OWNER_COUNTY, "industry": "38", "contracted_investment": "120000000",
            "signed_on": "2026-05-08", "signing_event": "", "enterprise": "", "notes": ""}


def edit_data(cast: Cast) -> dict:
    from qinshang.projects.models import Project

    project = Project.objects.get(pk=_extras(cast).project.pk)
    return {"name": EDITED_PROJECT, "investor": project.investor,
            "investor_origin": project.investor_origin, "region": project.region_id,
            "industry": project.industry,
            "contracted_investment": str(project.contracted_investment),
            "signed_on": project.signed_on.isoformat(), "signing_event": "",
            "enterprise": str(project.enterprise_id), "notes": "",
            "version": str(project.version)}


def stage_data(cast: Cast) -> dict:
    return {"kind": "funds", "happened_on": "2026-03-02", "amount": "5,000,000.00",
            "note": "第二笔资金"}


def project_created(cast: Cast, response) -> None:
    from qinshang.projects.models import Project

    created = Project.objects.get(name=NEW_PROJECT)
    assert (created.region_id, created.contracted_investment) == (OWNER_COUNTY,
                                                                  Decimal("120000000"))
    assert response["Location"] == reverse("projects:detail", args=[created.pk])


def project_edited(cast: Cast, response) -> None:
    from qinshang.projects.models import Project

    project = Project.objects.get(pk=_extras(cast).project.pk)
    assert (project.name, project.version) == (EDITED_PROJECT, _extras(cast).project.version + 1)
    assert response["Location"] == reverse("projects:detail", args=[project.pk])


def stage_recorded(cast: Cast, response) -> None:
    from qinshang.projects.models import Project

    project = Project.objects.get(pk=_extras(cast).project.pk)
    assert project.funds_arrived == Decimal("25000000")
    assert list(project.stages.values_list("kind", flat=True)) == ["funds", "funds"]
    assert response["Location"] == reverse("projects:detail", args=[project.pk])


ROUTES: dict[str, Route] = {
    "projects:list": Route(get=PROJECT_LIST),
    "projects:export": Route(get=PROJECT_LIST),
    "projects:create": Route(get=PROJECT_CREATE_FORM, post=PROJECT_CREATE_WRITE,
                             data=new_project_data, writes_on=302, effect=project_created),
    "projects:detail": Route(kwargs=project_kwargs, get=OBJECT_READ),
    "projects:edit": Route(kwargs=project_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                           data=edit_data, writes_on=302, effect=project_edited),
    "projects:stage_create": Route(kwargs=project_kwargs, get=OBJECT_FORM, post=OBJECT_WRITE,
                                   data=stage_data, writes_on=302, effect=stage_recorded),
    # The upload pages and the template: POSTing a file is tested in
    # qinshang/projects/tests/test_import.py (each row checked against the uploader's reach).
    "projects:import": Route(get=PROJECT_CREATE_FORM),
    "projects:import_funds": Route(get=PROJECT_CREATE_FORM),
    "projects:import_template": Route(kwargs=lambda cast: {"kind": "fund_arrivals"},
                                      get=PROJECT_CREATE_FORM),
    "figures:project_funnel": Route(get=PROJECT_LIST),
    "figures:project_funnel_export": Route(get=PROJECT_LIST),
}


def snapshot() -> dict:
    """Every row of this app that a view of the matrix could change."""
    from qinshang.projects.models import Project, ProjectStage

    return {"projects": list(Project.objects.order_by("pk").values()),
            "project_stages": list(ProjectStage.objects.order_by("pk").values())}
