"""Visit campaigns (走访季, 精准服务台企月, 普遍打一遍电话, 复工复产摸排), their visits, symposiums
and opinion surveys (DESIGN.md §2)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinshang.events.services import timeline_key


class CampaignKind(models.TextChoices):
    VISIT_SEASON = "visit_season", _("Visit season")
    SERVICE_MONTH = "service_month", _("Service month")
    PHONE_ROUND = "phone_round", _("Phone round")
    RESUMPTION_SURVEY = "resumption_survey", _("Resumption survey")
    OTHER = "other", _("Other campaign")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LAUNCHED = "launched", _("Launched")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    scope = models.ForeignKey("regions.Region", models.PROTECT, related_name="campaigns",
                              verbose_name=_("scope"),
                              help_text=_("The province, city or county the campaign covers."))
    offices = models.ManyToManyField("offices.Office", related_name="campaigns",
                                     verbose_name=_("offices running it"))
    description = models.TextField(_("description"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=CampaignState.choices,
                             default=CampaignState.DRAFT)
    # The filters the target list was chosen by, kept to show how it was drawn.
    target_criteria = models.JSONField(_("target criteria"), default=dict, blank=True)
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    visit_form = models.ForeignKey("questionnaires.FormTemplate", models.PROTECT, null=True,
                                   blank=True, related_name="+",
                                   verbose_name=_("visit report form"),
                                   limit_choices_to={"purpose": "visit_report"})
    # Team quotas, e.g. the "1+2+6" mode; empty means no quota.
    quota_symposiums = models.PositiveSmallIntegerField(_("symposiums per team"), null=True,
                                                        blank=True)
    quota_counties = models.PositiveSmallIntegerField(_("counties per team"), null=True,
                                                      blank=True)
    quota_enterprises = models.PositiveSmallIntegerField(_("enterprises per team"), null=True,
                                                         blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["scope", "-starts_on"])]
        constraints = [
            models.CheckConstraint(name="campaign_ends_after_start",
                                   condition=Q(ends_on__gte=F("starts_on")),
                                   violation_error_message=_(
                                       "A campaign cannot end before it starts.")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def timeline_key(self) -> str:
        return timeline_key(self)

    @property
    def is_draft(self) -> bool:
        return self.state == CampaignState.DRAFT

    @property
    def has_quotas(self) -> bool:
        return any(value is not None for value in
                   (self.quota_symposiums, self.quota_counties, self.quota_enterprises))

    def covers_day(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Phase(models.Model):
    """A stage of a campaign, e.g. 全面走访、征求意见、建立联系."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        ordering = ["campaign", "order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "order"], name="phase_order_unique"),
            models.CheckConstraint(name="phase_ends_after_start",
                                   condition=Q(ends_on__gte=F("starts_on")),
                                   violation_error_message=_(
                                       "A phase cannot end before it starts.")),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A visiting team (走访组), e.g. one province-office group per city."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=120)
    office = models.ForeignKey("offices.Office", models.PROTECT, related_name="+",
                               verbose_name=_("office"))
    area = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                             verbose_name=_("area assigned"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="campaign_teams",
                                     blank=True, verbose_name=_("members"))

    class Meta:
        ordering = ["campaign", "area", "name"]
        verbose_name = _("visiting team")
        verbose_name_plural = _("visiting teams")

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """One enterprise of a campaign's frozen target list. ``region`` is the enterprise's county
    when the list was frozen, so coverage is measured against a fixed list."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="targets")
    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT,
                                   related_name="campaign_targets")
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["campaign", "region", "enterprise"]
        verbose_name = _("target enterprise")
        verbose_name_plural = _("target enterprises")
        constraints = [models.UniqueConstraint(fields=["campaign", "enterprise"],
                                               name="target_unique_in_campaign")]
        indexes = [models.Index(fields=["campaign", "region"])]

    def __str__(self) -> str:
        return str(self.enterprise_id)


class VisitMethod(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


class Visit(models.Model):
    SEARCH_FIELDS = ("summary",)

    visited_on = models.DateField(_("date"))
    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT,
                                   related_name="visits", verbose_name=_("enterprise"))
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("county"))
    campaign = models.ForeignKey(Campaign, models.PROTECT, null=True, blank=True,
                                 related_name="visits", verbose_name=_("campaign"))
    team = models.ForeignKey(Team, models.SET_NULL, null=True, blank=True,
                             related_name="visits", verbose_name=_("visiting team"))
    method = models.CharField(_("method"), max_length=8, choices=VisitMethod.choices,
                              default=VisitMethod.ON_SITE)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="visits",
                                   verbose_name=_("visiting staff"))
    people_met = models.PositiveSmallIntegerField(_("Taiwan business people met"), default=0)
    persons_met = models.ManyToManyField("enterprises.Person", related_name="visits",
                                         blank=True, verbose_name=_("who was met"))
    summary = models.TextField(_("summary"), blank=True)
    report = models.OneToOneField("questionnaires.FormResponse", models.PROTECT, null=True,
                                  blank=True, related_name="visit",
                                  verbose_name=_("visit report form"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    # What search finds it by: SEARCH_FIELDS folded (qinshang.text.indexed_text), kept by the
    # services and indexed by qinshang.search.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["region", "visited_on"]),
            models.Index(fields=["enterprise", "visited_on"]),
            models.Index(fields=["campaign", "visited_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.enterprise_id}"

    @property
    def timeline_key(self) -> str:
        return timeline_key(self)


class Survey(models.Model):
    """A campaign's opinion survey: the form handed to the targets and the deadline for it."""

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="surveys")
    form = models.ForeignKey("questionnaires.FormTemplate", models.PROTECT, related_name="+",
                             verbose_name=_("form"), limit_choices_to={"purpose": "opinion"})
    deadline = models.DateField(_("return by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["campaign", "-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return str(self.form)


class DistributionMethod(models.TextChoices):
    PAPER = "paper", _("Paper")
    ONLINE = "online", _("Online")


class Distribution(models.Model):
    """One copy of a survey's form handed to an enterprise (to a named person when known), and
    its return. An online copy carries a personal invitation link: only its SHA-256 digest is
    stored, so the link cannot be recovered from the database."""

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="distributions")
    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT, related_name="+",
                                   verbose_name=_("enterprise"))
    person = models.ForeignKey("enterprises.Person", models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("addressee"))
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+")
    distributed_on = models.DateField(_("distributed"))
    method = models.CharField(_("method"), max_length=8, choices=DistributionMethod.choices)
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True,
                                    editable=False)
    link_expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    returned_on = models.DateField(_("returned"), null=True, blank=True)
    return_method = models.CharField(_("returned as"), max_length=8,
                                     choices=DistributionMethod.choices, blank=True)
    response = models.OneToOneField("questionnaires.FormResponse", models.PROTECT, null=True,
                                    blank=True, related_name="distribution")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["survey", "region", "enterprise", "id"]
        verbose_name = _("survey copy")
        verbose_name_plural = _("survey copies")
        indexes = [models.Index(fields=["survey", "region"])]
        constraints = [
            models.UniqueConstraint(fields=["survey", "enterprise", "person"],
                                    name="distribution_once_per_person"),
            models.UniqueConstraint(fields=["survey", "enterprise"],
                                    condition=Q(person__isnull=True),
                                    name="distribution_once_per_enterprise_unaddressed"),
            models.CheckConstraint(name="distribution_returned_with_method",
                                   condition=Q(returned_on__isnull=True, return_method="")
                                   | Q(returned_on__isnull=False) & ~Q(return_method="")),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.enterprise_id}"

    @property
    def returned(self) -> bool:
        return self.returned_on is not None


class RaisedAppeal(models.Model):
    """An appeal raised in a campaign, by a visit or by a survey answer: the link that lets the
    coverage and the summary report count what was raised and what was resolved."""

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="raised_appeals")
    appeal = models.OneToOneField("appeals.Appeal", models.PROTECT, related_name="raised_in")
    visit = models.ForeignKey(Visit, models.PROTECT, null=True, blank=True,
                              related_name="raised_appeals")
    distribution = models.ForeignKey(Distribution, models.PROTECT, null=True, blank=True,
                                     related_name="raised_appeals")
    # A campaign's symposium is an event (qinshang.gatherings) of kind symposium.
    symposium = models.ForeignKey("gatherings.Gathering", models.PROTECT, null=True, blank=True,
                                  related_name="raised_appeals")
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+")
    raised_on = models.DateField()

    class Meta:
        verbose_name = _("appeal raised in a campaign")
        verbose_name_plural = _("appeals raised in campaigns")
        indexes = [models.Index(fields=["campaign", "region"])]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.appeal_id}"


