"""Signed investment projects (签约项目) and their stages from signing to production
(DESIGN.md §2, §5: funds-arrival, construction-start and production rates)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinshang.enterprises.models import INDUSTRY_DIVISION_CHOICES, Origin


class StageKind(models.TextChoices):
    REGISTERED = "registered", _("Enterprise registered")
    FUNDS = "funds", _("Funds arrived")
    CONSTRUCTION = "construction", _("Construction started")
    PRODUCTION = "production", _("Production started")
    STALLED = "stalled", _("Stalled")
    CANCELLED = "cancelled", _("Cancelled")


class Project(models.Model):
    SEARCH_FIELDS = ("name", "investor", "notes")

    name = models.CharField(_("project"), max_length=200)
    # The Taiwan, Hong Kong or Macao parent that invests.
    investor = models.CharField(_("investor"), max_length=200)
    investor_origin = models.CharField(_("investor's origin"), max_length=6,
                                       choices=Origin.choices, default=Origin.TAIWAN)
    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT, null=True,
                                   blank=True, related_name="projects",
                                   verbose_name=_("local enterprise"),
                                   help_text=_("Once the project's enterprise is registered."))
    office = models.ForeignKey("offices.Office", models.PROTECT, related_name="projects",
                               verbose_name=_("office following it"))
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("division"))
    industry = models.CharField(_("industry"), max_length=2, choices=INDUSTRY_DIVISION_CHOICES)
    contracted_investment = models.DecimalField(_("contracted investment (yuan)"),
                                                max_digits=16, decimal_places=2)
    signed_on = models.DateField(_("signed on"))
    signing_event = models.ForeignKey("gatherings.Gathering", models.PROTECT, null=True,
                                      blank=True, related_name="projects",
                                      verbose_name=_("signed at"))
    # Kept by the services from the stage rows, so that the funnel is one aggregate query.
    funds_arrived = models.DecimalField(_("funds arrived (yuan)"), max_digits=16,
                                        decimal_places=2, default=Decimal("0"), editable=False)
    registered_on = models.DateField(_("registered on"), null=True, blank=True,
                                     editable=False)
    construction_started_on = models.DateField(_("construction started"), null=True,
                                               blank=True, editable=False)
    production_started_on = models.DateField(_("production started"), null=True, blank=True,
                                             editable=False)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True, editable=False)
    stalled_since = models.DateField(_("stalled since"), null=True, blank=True, editable=False)
    last_progress_on = models.DateField(_("last progress"), editable=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    # What search finds it by: SEARCH_FIELDS folded (qinshang.text.indexed_text), kept by the
    # services and indexed by qinshang.search.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        indexes = [models.Index(fields=["region", "signed_on"]),
                   models.Index(fields=["signing_event", "region"]),
                   models.Index(fields=["last_progress_on"])]
        constraints = [
            models.CheckConstraint(
                name="project_contracted_positive",
                condition=Q(contracted_investment__gt=0),
                violation_error_message=_("The contracted investment must be more than zero.")),
            models.CheckConstraint(name="project_funds_not_negative",
                                   condition=Q(funds_arrived__gte=0)),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cancelled(self) -> bool:
        return self.cancelled_on is not None


class ProjectStage(models.Model):
    """One step in a project's history; funds may arrive many times, in parts."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="stages")
    kind = models.CharField(_("stage"), max_length=12, choices=StageKind.choices)
    happened_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2,
                                 null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The project's division, for jurisdiction without a join.
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["happened_on", "id"]
        verbose_name = _("project stage")
        verbose_name_plural = _("project stages")
        indexes = [models.Index(fields=["project", "kind", "happened_on"]),
                   models.Index(fields=["region", "kind", "happened_on"])]
        constraints = [
            models.CheckConstraint(
                name="project_stage_amount_only_for_funds",
                condition=(Q(kind="funds", amount__gt=0)
                           | (~Q(kind="funds") & Q(amount__isnull=True))),
                violation_error_message=_("Funds arrived need an amount above zero; other "
                                          "stages have none.")),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind} {self.happened_on:%Y-%m-%d}"
