"""The liaison system (联系制度, DESIGN.md §2): who keeps in touch with whom, how often and how,
and the log of the contacts made."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Interval(models.TextChoices):
    DAYS = "days", _("Every N days")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class Method(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    MEETING = "meeting", _("Meeting")
    VIDEO = "video", _("Video")
    MESSAGE = "message", _("Message")


# A counterpart is exactly one of these (a database check says so).
COUNTERPART_FIELDS = ("enterprise", "person", "department")
_ONE_COUNTERPART = (
    Q(enterprise__isnull=False, person__isnull=True, department__isnull=True)
    | Q(enterprise__isnull=True, person__isnull=False, department__isnull=True)
    | Q(enterprise__isnull=True, person__isnull=True, department__isnull=False))


class Counterpart(models.Model):
    """Whom a plan or a contact is with: an enterprise, a person or a department."""

    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("enterprise"))
    person = models.ForeignKey("enterprises.Person", models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("person"))
    department = models.ForeignKey("offices.Department", models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("department"))

    class Meta:
        abstract = True

    @property
    def counterpart(self):
        return self.enterprise or self.person or self.department

    @property
    def counterpart_kind(self) -> str:
        return next(name for name in COUNTERPART_FIELDS
                    if getattr(self, f"{name}_id") is not None)

    @property
    def counterpart_region_id(self) -> str:
        return self.counterpart.region_id


class LiaisonPlan(Counterpart):
    """One standing duty: a member of an office keeps in touch with one counterpart."""

    office = models.ForeignKey("offices.Office", models.PROTECT, related_name="liaison_plans",
                               verbose_name=_("office"))
    # The office's division: the plan is the office's, and placed where the office is.
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("division"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                              related_name="liaison_plans", verbose_name=_("who"))
    interval = models.CharField(_("how often"), max_length=10, choices=Interval.choices)
    every_days = models.PositiveSmallIntegerField(
        _("every how many days"), null=True, blank=True,
        help_text=_("Only for plans that repeat every N days."))
    # Blank: any method keeps the plan.
    method = models.CharField(_("how"), max_length=8, choices=Method.choices, blank=True)
    purpose = models.CharField(_("what about"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    # The due date the overdue notice was last sent for, so that the tick tells it once.
    overdue_notice_for = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["region_id", "staff_id", "id"]
        verbose_name = _("liaison plan")
        verbose_name_plural = _("liaison plans")
        indexes = [models.Index(fields=["region", "starts_on"]),
                   models.Index(fields=["staff", "starts_on"])]
        constraints = [
            models.CheckConstraint(name="liaison_plan_one_counterpart", condition=_ONE_COUNTERPART),
            models.CheckConstraint(
                name="liaison_plan_every_days_only_for_days",
                condition=(Q(interval="days", every_days__gte=1)
                           | (~Q(interval="days") & Q(every_days__isnull=True)))),
            models.CheckConstraint(
                name="liaison_plan_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("The plan cannot end before it starts.")),
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.counterpart}"

    def clean(self) -> None:
        errors = {}
        if self.interval == Interval.DAYS and not self.every_days:
            errors["every_days"] = _("Say every how many days.")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The plan cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
        if self.interval != Interval.DAYS:
            self.every_days = None

    def active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Contact(Counterpart):
    """One contact made (联系记录). It keeps every plan of the same member of staff, with the
    same counterpart and the same method (or any), whose period includes its date."""

    SEARCH_FIELDS = ("content", "outcome")

    contacted_on = models.DateField(_("date"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                              related_name="liaison_contacts", verbose_name=_("who"))
    method = models.CharField(_("how"), max_length=8, choices=Method.choices)
    content = models.TextField(_("content"))
    outcome = models.TextField(_("outcome"), blank=True)
    # The counterpart's division (an enterprise's county, a department's division).
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("division"))
    appeals = models.ManyToManyField("appeals.Appeal", related_name="liaison_contacts",
                                     blank=True, verbose_name=_("appeals raised"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    # What search finds it by: SEARCH_FIELDS folded (qinshang.text.indexed_text), kept by the
    # services and indexed by qinshang.search.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["region", "contacted_on"]),
                   models.Index(fields=["staff", "contacted_on"]),
                   models.Index(fields=["enterprise", "contacted_on"]),
                   models.Index(fields=["person", "contacted_on"]),
                   models.Index(fields=["department", "contacted_on"])]
        constraints = [
            models.CheckConstraint(name="contact_one_counterpart", condition=_ONE_COUNTERPART),
        ]

    def __str__(self) -> str:
        return f"{self.contacted_on:%Y-%m-%d} {self.staff} · {self.counterpart}"
