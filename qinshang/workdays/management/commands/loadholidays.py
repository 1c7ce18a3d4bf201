from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.db.models.functions import ExtractYear

from qinshang.workdays.models import CalendarYear, SpecialDay
from qinshang.workdays.services import (
    PACKAGE_SOURCE,
    calendar_years_load_from_package,
    package_years,
)


class Command(BaseCommand):
    help = (f"Load or reload holidays and working weekends from {PACKAGE_SOURCE}. A reloaded "
            "year's special days are replaced by the package's, so edits made to that year in "
            "the admin are lost; a year the package lacks is entered in the admin instead.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", dest="years", metavar="YEAR",
                            help="a year to reload (repeatable; default: every year the "
                                 "package covers)")

    def handle(self, *args, years: list[int] | None, **options):
        try:
            loaded = calendar_years_load_from_package(years)
        except ValueError as error:
            raise CommandError(str(error)) from error
        counts = _counts_by_year_and_kind(loaded)
        for year in loaded:
            self.stdout.write(
                f"{year}: {counts[year, SpecialDay.Kind.HOLIDAY]} holidays on weekdays, "
                f"{counts[year, SpecialDay.Kind.WORKDAY]} working weekend days")
        available = package_years()
        self.stdout.write(
            f"loaded {len(loaded)} year(s) from {PACKAGE_SOURCE} (it covers "
            f"{available[0]}-{available[-1]}); {CalendarYear.objects.count()} year(s) in the "
            f"calendar")


def _counts_by_year_and_kind(years: list[int]) -> Counter[tuple[int, str]]:
    rows = (SpecialDay.objects.annotate(year=ExtractYear("date")).filter(year__in=years)
            .values_list("year", "kind").annotate(n=Count("date")).order_by())
    return Counter({(year, kind): n for year, kind, n in rows})
