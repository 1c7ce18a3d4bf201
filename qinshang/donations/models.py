"""Donations in money and in kind (捐款捐物, DESIGN.md §2) by enterprises, associations and
compatriots."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DonorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    ASSOCIATION = "association", _("Association")
    PERSON = "person", _("Person")


class Donation(models.Model):
    SEARCH_FIELDS = ("donor_name", "recipient", "purpose")

    donor_kind = models.CharField(_("donor"), max_length=12, choices=DonorKind.choices)
    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT, null=True,
                                   blank=True, related_name="donations",
                                   verbose_name=_("enterprise"))
    person = models.ForeignKey("enterprises.Person", models.PROTECT, null=True, blank=True,
                               related_name="donations", verbose_name=_("person"))
    # An association's name (台协 …); for an enterprise or a person, their name when recorded.
    donor_name = models.CharField(_("donor's name"), max_length=200)
    recipient = models.CharField(_("recipient"), max_length=200)
    donated_on = models.DateField(_("date"))
    money = models.DecimalField(_("money (yuan)"), max_digits=16, decimal_places=2,
                                default=Decimal("0"))
    # Kept by the services as the sum of the items' values, so totals are one aggregate.
    items_value = models.DecimalField(_("value of items (yuan)"), max_digits=16,
                                      decimal_places=2, default=Decimal("0"), editable=False)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    office = models.ForeignKey("offices.Office", models.PROTECT, related_name="donations",
                               verbose_name=_("office"))
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("division"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    # What search finds it by: SEARCH_FIELDS folded (qinshang.text.indexed_text), kept by the
    # services and indexed by qinshang.search.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["-donated_on", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        indexes = [models.Index(fields=["region", "donated_on"])]
        constraints = [
            models.CheckConstraint(name="donation_money_not_negative",
                                   condition=Q(money__gte=0),
                                   violation_error_message=_("An amount cannot be negative.")),
            models.CheckConstraint(
                name="donation_donor_matches_kind",
                condition=(Q(donor_kind="enterprise", enterprise__isnull=False,
                             person__isnull=True)
                           | Q(donor_kind="person", person__isnull=False,
                               enterprise__isnull=True)
                           | Q(donor_kind="association", enterprise__isnull=True,
                               person__isnull=True))),
        ]

    def __str__(self) -> str:
        return f"{self.donated_on:%Y-%m-%d} {self.donor_name}"

    @property
    def total_value(self) -> Decimal:
        return self.money + self.items_value


class DonationItem(models.Model):
    donation = models.ForeignKey(Donation, models.CASCADE, related_name="items")
    name = models.CharField(_("item"), max_length=100)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16)
    value = models.DecimalField(_("value (yuan)"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = _("item donated")
        verbose_name_plural = _("items donated")
        constraints = [
            models.CheckConstraint(name="donation_item_quantity_positive",
                                   condition=Q(quantity__gt=0)),
            models.CheckConstraint(name="donation_item_value_not_negative",
                                   condition=Q(value__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.quantity}{self.unit}"
