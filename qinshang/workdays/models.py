"""The working-day calendar: which years are entered, and the days that break the weekly rule.

Monday to Friday are working days and Saturday and Sunday rest days, except on a SpecialDay.
A year counts only once its CalendarYear row exists: an empty year is "not entered yet", never
"a year without holidays", so deadlines are not silently computed on plain weekends.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SATURDAY = 5


def administrator_source() -> str:
    # Called when the admin form opens, so the default reads in the administrator's language.
    return gettext("entered by the administrator")


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), primary_key=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    source = models.CharField(
        _("source"), max_length=100, default=administrator_source,
        help_text=_("Where this year's holidays and working weekends come from."))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)


class SpecialDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        WORKDAY = "workday", _("Working weekend day")

    date = models.DateField(_("date"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True,
                            help_text=_("The holiday it belongs to, e.g. Spring Festival."))

    class Meta:
        ordering = ["date"]
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["holiday", "workday"]),
                                   name="workdays_specialday_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.date is None:
            return
        if not CalendarYear.objects.filter(year=self.date.year).exists():
            raise ValidationError({"date": _(
                "The year %(year)s is not in the calendar. Add the year first, then its "
                "holidays and working weekends.") % {"year": self.date.year}})
        if self.kind == self.Kind.WORKDAY and self.date.weekday() < SATURDAY:
            raise ValidationError({"kind": _(
                "%(date)s is a weekday, which is a working day already. Only a Saturday or "
                "Sunday can be marked as a working weekend day.") % {
                    "date": self.date.isoformat()}})
