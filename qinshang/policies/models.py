"""The policy library (政策汇编) and its pushes to the enterprises a policy concerns, with
delivery and read receipts (DESIGN.md §2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinshang.enterprises.models import INDUSTRY_DIVISION_CHOICES


class Topic(models.TextChoices):
    TAX_RELIEF = "tax_relief", _("Tax and fee relief")
    EMPLOYMENT = "employment", _("Employment")
    FOREIGN_TRADE = "foreign_trade", _("Foreign trade")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    FINANCING = "financing", _("Financing")
    EPIDEMIC = "epidemic", _("Epidemic support")
    INVESTMENT = "investment", _("Investment and land")
    TALENT = "talent", _("Talent and residence")
    INNOVATION = "innovation", _("Innovation and technology")
    OTHER = "other", _("Other")


class Policy(models.Model):
    SEARCH_FIELDS = ("title", "summary", "document_number", "issuer")

    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issuing body"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    issued_on = models.DateField(_("date issued"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # The office that entered it into the library; offices below read it too.
    office = models.ForeignKey("offices.Office", models.PROTECT, related_name="policies",
                               verbose_name=_("office"))
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("division"))
    summary = models.TextField(_("summary"))
    full_text = models.TextField(_("full text"), blank=True)
    # Whom it applies to; empty means everyone in the office's jurisdiction.
    regions = models.ManyToManyField("regions.Region", blank=True, related_name="+",
                                     verbose_name=_("divisions it applies to"))
    tags = models.ManyToManyField("enterprises.Tag", blank=True, related_name="policies",
                                  verbose_name=_("enterprise tags it applies to"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    # Title, summary, document number and issuer folded (qinshang.text.fold) by the services,
    # so that a search in either script and either width finds the policy.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        indexes = [models.Index(fields=["region", "issued_on"])]
        constraints = [
            models.CheckConstraint(
                name="policy_valid_until_after_from",
                condition=(Q(valid_until__isnull=True) | Q(valid_from__isnull=True)
                           | Q(valid_until__gte=models.F("valid_from"))),
                violation_error_message=_("A policy cannot stop being valid before it "
                                          "starts.")),
        ]

    def __str__(self) -> str:
        return self.title


class PolicyTopic(models.Model):
    policy = models.ForeignKey(Policy, models.CASCADE, related_name="topics")
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(fields=["policy", "topic"],
                                               name="policy_topic_once")]
        indexes = [models.Index(fields=["topic", "policy"])]

    def __str__(self) -> str:
        return self.get_topic_display()


class PolicyIndustry(models.Model):
    policy = models.ForeignKey(Policy, models.CASCADE, related_name="industries")
    industry = models.CharField(_("industry"), max_length=2, choices=INDUSTRY_DIVISION_CHOICES)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        constraints = [models.UniqueConstraint(fields=["policy", "industry"],
                                               name="policy_industry_once")]

    def __str__(self) -> str:
        return self.industry


class PolicyAttachment(models.Model):
    policy = models.ForeignKey(Policy, models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="policies/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class PolicyPush(models.Model):
    """One push of a policy by an office to the enterprises its targeting matched."""

    policy = models.ForeignKey(Policy, models.PROTECT, related_name="pushes")
    office = models.ForeignKey("offices.Office", models.PROTECT, related_name="policy_pushes",
                               verbose_name=_("office"))
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("division"))
    note = models.TextField(_("note to the enterprises"), blank=True)
    # The filter chosen on the push page, kept as chosen (regions, industries, tags).
    criteria = models.JSONField(default=dict)
    pushed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                  related_name="+", verbose_name=_("pushed by"))
    pushed_at = models.DateTimeField(_("pushed"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+")
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=300,
                                         blank=True)

    class Meta:
        ordering = ["-pushed_at", "-id"]
        verbose_name = _("policy push")
        verbose_name_plural = _("policy pushes")
        indexes = [models.Index(fields=["region", "pushed_at"])]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.pushed_at:%Y-%m-%d}"


class Delivery(models.Model):
    """A push as one enterprise received it: in its portal users' inbox, and by email."""

    push = models.ForeignKey(PolicyPush, models.CASCADE, related_name="deliveries")
    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT,
                                   related_name="policy_deliveries")
    # The enterprise's county, for jurisdiction and the figures by region.
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+")
    delivered_at = models.DateTimeField(_("delivered"))
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                blank=True, related_name="+")

    class Meta:
        ordering = ["-delivered_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["push", "enterprise"],
                                               name="delivery_once_per_enterprise")]
        indexes = [models.Index(fields=["enterprise", "delivered_at"]),
                   models.Index(fields=["region", "delivered_at"])]

    def __str__(self) -> str:
        return f"{self.push_id}:{self.enterprise_id}"
