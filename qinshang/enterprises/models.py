from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qinshang.enterprises.identifiers import (
    mask_document_number,
    validate_credit_code,
    validate_residence_permit,
    validate_travel_permit,
)
from qinshang.enterprises.industries import DIVISIONS, SECTIONS, section_of
from qinshang.regions.models import Origin

INDUSTRY_DIVISION_CHOICES = [(code, f"{code} {name}") for code, name in DIVISIONS.items()]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=32, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class EnterpriseQuerySet(models.QuerySet):
    def active(self) -> EnterpriseQuerySet:
        return self.exclude(status=Enterprise.Status.CLOSED)

    def in_section(self, letter: str) -> EnterpriseQuerySet:
        numbers = SECTIONS[letter][1]
        return self.filter(industry__gte=f"{numbers[0]:02d}", industry__lte=f"{numbers[-1]:02d}")


class Enterprise(models.Model):
    """One file per enterprise (一企一档)."""

    SEARCH_FIELDS = ("name", "trade_name", "credit_code")

    class Status(models.TextChoices):
        OPERATING = "operating", _("Operating")
        SUSPENDED = "suspended", _("Suspended")
        RELOCATED = "relocated", _("Relocated")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("registered name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True,
                                   validators=[validate_credit_code])
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="enterprises",
                               verbose_name=_("county"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    industry = models.CharField(_("industry"), max_length=2, choices=INDUSTRY_DIVISION_CHOICES)
    origin = models.CharField(_("origin"), max_length=6, choices=Origin.choices,
                              default=Origin.TAIWAN)
    registered_capital = models.DecimalField(
        _("registered capital (CNY 10,000)"), max_digits=14, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(0)])
    total_investment = models.DecimalField(
        _("total investment (CNY 10,000)"), max_digits=14, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(0)])
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.OPERATING)
    tags = models.ManyToManyField(Tag, blank=True, related_name="enterprises",
                                  verbose_name=_("tags"))
    liaison_officer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                        blank=True, related_name="liaison_enterprises",
                                        verbose_name=_("liaison officer"))
    search_text = models.TextField(editable=False, blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [
            models.Index(fields=["region", "name"]),
            models.Index(fields=["name", "id"]),
            models.Index(fields=["liaison_officer", "region"]),
            models.Index(fields=["status", "region"]),
        ]
        constraints = [
            models.CheckConstraint(name="enterprise_capital_not_negative",
                                   condition=Q(registered_capital__gte=0)
                                   | Q(registered_capital__isnull=True)),
            models.CheckConstraint(name="enterprise_investment_not_negative",
                                   condition=Q(total_investment__gte=0)
                                   | Q(total_investment__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.name

    # Constant lookups: get_FOO_display() rebuilds the whole choices dict on every call, which
    # in a 50-row list with 97 industry divisions is most of the page's time.
    @property
    def industry_label(self) -> str:
        return f"{self.industry} {DIVISIONS.get(self.industry, '')}"

    @property
    def origin_label(self) -> str:
        return str(Origin(self.origin).label)

    @property
    def status_label(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def industry_section(self) -> str:
        return section_of(self.industry)

    @property
    def industry_section_label(self) -> str:
        return SECTIONS[self.industry_section][0]


class Person(models.Model):
    """A Taiwan business person or compatriot (台商/台胞)."""

    SEARCH_FIELDS = ("name", "phone")

    class Document(models.TextChoices):
        TRAVEL_PERMIT = "travel_permit", _("Mainland Travel Permit for Taiwan Residents")
        RESIDENCE_PERMIT = "residence_permit", _("Residence permit for Taiwan residents")

    name = models.CharField(_("full name"), max_length=64)
    origin = models.CharField(_("origin"), max_length=6, choices=Origin.choices,
                              default=Origin.TAIWAN)
    document_kind = models.CharField(_("document"), max_length=16, choices=Document.choices,
                                     blank=True)
    document_number = models.CharField(_("document number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="persons",
                               verbose_name=_("county"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # What search finds it by: SEARCH_FIELDS folded (qinshang.text.indexed_text), kept by the
    # services and indexed by qinshang.search.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["region", "name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["document_kind", "document_number"], condition=~Q(document_number=""),
                name="person_document_unique",
                violation_error_message=_("Another person on file has this document number.")),
            models.CheckConstraint(name="person_document_kind_given",
                                   condition=Q(document_number="") | ~Q(document_kind="")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_document_number(self) -> str:
        return mask_document_number(self.document_number)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.document_number and not self.document_kind:
            raise ValidationError({"document_kind": _("Say which document this number is.")})
        validators = {self.Document.TRAVEL_PERMIT: validate_travel_permit,
                      self.Document.RESIDENCE_PERMIT: validate_residence_permit}
        if self.document_number and self.document_kind in validators:
            try:
                validators[self.document_kind](self.document_number)
            except ValidationError as error:
                raise ValidationError({"document_number": error.messages}) from None


class Affiliation(models.Model):
    class Relation(models.TextChoices):
        CHAIRMAN = "chairman", _("Chairman")
        GENERAL_MANAGER = "general_manager", _("General manager")
        SHAREHOLDER = "shareholder", _("Shareholder")
        MANAGER = "manager", _("Manager")
        EMPLOYEE = "employee", _("Employee")
        FAMILY = "family", _("Family member")

    person = models.ForeignKey(Person, models.CASCADE, related_name="affiliations",
                               verbose_name=_("person"))
    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="affiliations",
                                   verbose_name=_("enterprise"))
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)

    class Meta:
        ordering = ["enterprise", "relation", "person"]
        verbose_name = _("relation to an enterprise")
        verbose_name_plural = _("relations to enterprises")
        constraints = [models.UniqueConstraint(fields=["person", "enterprise"],
                                               name="affiliation_once_per_enterprise")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.get_relation_display()} · {self.enterprise_id}"


class SupportMeasure(models.Model):
    """One item of the tailored plan for an enterprise (一企一策)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="measures",
                                   verbose_name=_("enterprise"))
    title = models.CharField(_("measure"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    department = models.ForeignKey("offices.Department", models.PROTECT, null=True, blank=True,
                                   related_name="measures", verbose_name=_("department"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["status", "due_date", "id"]
        verbose_name = _("support measure")
        verbose_name_plural = _("support measures")

    def __str__(self) -> str:
        return self.title
