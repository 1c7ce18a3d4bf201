"""Builders shared by the project tests: projects and stages through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from qinshang.projects import services
from qinshang.regions.models import Region

SIGNED = datetime.date(2025, 3, 1)


def project_data(**changes) -> dict:
    data = {"name": "鲁台精密轴承扩产项目", "investor": "台湾精密工业股份有限公司",
            "investor_origin": "710000", "region": Region.objects.get(code="370102"),
            "industry": "34", "contracted_investment": Decimal("10000000.00"),
            "signed_on": SIGNED, "notes": ""}
    data.update(changes)
    return data


def new_project(actor, *, signing_event=None, **changes):
    return services.project_create(actor=actor, data=project_data(**changes),
                                   signing_event=signing_event)


def day(month: int, dd: int = 1, year: int = 2025) -> datetime.date:
    return datetime.date(year, month, dd)


def stage(actor, project, kind: str, happened_on: datetime.date, amount: str | None = None,
          **kwargs):
    return services.project_stage_record(
        actor=actor, project=project, kind=kind, happened_on=happened_on,
        amount=Decimal(amount) if amount is not None else None, **kwargs)
