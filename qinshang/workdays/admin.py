from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from qinshang.workdays.models import CalendarYear, SpecialDay


def _special_day_count(kind: str) -> Subquery:
    # SpecialDay has no key to its year (the date says it), so the count matches on the year.
    days = (SpecialDay.objects.annotate(day_year=ExtractYear("date"))
            .filter(day_year=OuterRef("year"), kind=kind)
            .values("day_year").annotate(n=Count("date")).values("n"))
    return Subquery(days, output_field=IntegerField())


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "holiday_count", "workday_count", "special_days_link"]
    search_fields = ["year", "source", "note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        return super().get_queryset(request).annotate(
            holidays=_special_day_count(SpecialDay.Kind.HOLIDAY),
            workdays=_special_day_count(SpecialDay.Kind.WORKDAY))

    @admin.display(description=_("holidays"), ordering="holidays")
    def holiday_count(self, obj: CalendarYear) -> int:
        return obj.holidays or 0

    @admin.display(description=_("working weekend days"), ordering="workdays")
    def workday_count(self, obj: CalendarYear) -> int:
        return obj.workdays or 0

    @admin.display(description=_("special days"))
    def special_days_link(self, obj: CalendarYear) -> str:
        url = reverse("admin:workdays_specialday_changelist")
        return format_html('<a href="{}?date__year={}">{}</a>', url, obj.year,
                           _("view and edit"))


@admin.register(SpecialDay)
class SpecialDayAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"

    @admin.display(description=_("day of the week"))
    def weekday(self, obj: SpecialDay) -> str:
        # Lets the administrator see at a glance that a working day falls on a weekend.
        return date_format(obj.date, "l")
