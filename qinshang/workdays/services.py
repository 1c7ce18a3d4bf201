"""Loading the State Council's holiday arrangements from the chinese-calendar package."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import chinese_calendar
from chinese_calendar import constants as package_data
from django.db import models, transaction

from qinshang.events.services import event_record
from qinshang.workdays.models import SATURDAY, CalendarYear, SpecialDay

PACKAGE_SOURCE = f"chinese-calendar {chinese_calendar.__version__}"


@dataclass(frozen=True)
class PackageDay:
    date: datetime.date
    kind: str
    name: str


def package_years() -> list[int]:
    """The years the installed package has arrangements for."""
    return sorted({day.year for day in (*package_data.holidays, *package_data.workdays)})


def package_special_days(year: int) -> list[PackageDay]:
    """The days of ``year`` that break the weekly rule, as the package lists them.

    The package lists every day off, weekends included; a holiday on a weekend changes no count,
    so only weekday holidays and worked weekend days are kept.
    """
    days = [PackageDay(day, SpecialDay.Kind.HOLIDAY.value, name)
            for day, name in package_data.holidays.items()
            if day.year == year and day.weekday() < SATURDAY]
    days += [PackageDay(day, SpecialDay.Kind.WORKDAY.value, name)
             for day, name in package_data.workdays.items()
             if day.year == year and day.weekday() >= SATURDAY]
    return sorted(days, key=lambda day: day.date)


def package_years_write(years: Iterable[int], *, calendar_year_model: type[models.Model],
                        special_day_model: type[models.Model]) -> dict[int, list[PackageDay]]:
    """Replace each year's rows with the package's. Takes the model classes so the data
    migration can pass its historical models; callers provide the transaction."""
    written: dict[int, list[PackageDay]] = {}
    for year in years:
        days = package_special_days(year)
        calendar_year_model.objects.update_or_create(year=year,
                                                     defaults={"source": PACKAGE_SOURCE})
        special_day_model.objects.filter(date__year=year).delete()
        special_day_model.objects.bulk_create(
            [special_day_model(date=day.date, kind=day.kind, name=day.name) for day in days])
        written[year] = days
    return written


@transaction.atomic
def calendar_years_load_from_package(years: Iterable[int] | None = None, *,
                                     actor=None) -> list[int]:
    """(Re)load ``years`` (default: every year the package covers) from the package.

    A reloaded year's special days are replaced, so an administrator's edits to that year are
    lost; years the package does not cover are refused rather than entered empty.
    """
    available = package_years()
    wanted = sorted(set(available if years is None else years))
    missing = [year for year in wanted if year not in available]
    if missing:
        raise ValueError(
            f"{PACKAGE_SOURCE} has no arrangements for {', '.join(map(str, missing))}; it covers "
            f"{available[0]}-{available[-1]}")
    written = package_years_write(wanted, calendar_year_model=CalendarYear,
                                  special_day_model=SpecialDay)
    if wanted:
        event_record(actor=actor, verb="workdays.loaded", target_type="workdays.calendaryear",
                     # The id column is short; the changes list every year loaded.
                     target_id=f"{wanted[0]}-{wanted[-1]}" if len(wanted) > 1 else str(wanted[0]),
                     target_repr=f"{PACKAGE_SOURCE}: {', '.join(map(str, wanted))}",
                     changes={str(year): len(days) for year, days in written.items()})
    return wanted

