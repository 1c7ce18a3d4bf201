from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

six_digit_code = RegexValidator(r"^\d{6}$", _("A division code has six digits."))

TAIWAN, HONG_KONG, MACAO = "710000", "810000", "820000"


class Origin(models.TextChoices):
    """Places of origin of enterprises and compatriots: GB/T 2260 codes without subdivisions."""

    TAIWAN = TAIWAN, _("Taiwan")
    HONG_KONG = HONG_KONG, _("Hong Kong")
    MACAO = MACAO, _("Macao")


class RegionQuerySet(models.QuerySet):
    def current(self) -> RegionQuerySet:
        return self.filter(retired=False, mainland=True)


class Region(models.Model):
    """A GB/T 2260 division. The code is the key, so records keep pointing at retired codes."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")

    code = models.CharField(_("code"), max_length=6, primary_key=True,
                            validators=[six_digit_code])
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                               related_name="children", verbose_name=_("parent"))
    mainland = models.BooleanField(_("mainland"), default=True)
    revision = models.CharField(_("revision"), max_length=10,
                                help_text=_("Date of the division list this row was last seen in."))
    retired = models.BooleanField(_("retired"), default=False)
    successor = models.ForeignKey("self", models.SET_NULL, null=True, blank=True,
                                  related_name="predecessors", verbose_name=_("successor"))
    # A report of an earlier year draws the tree as it was then (Laiwu a city until 2019).
    valid_from = models.DateField(_("exists from"), null=True, blank=True)
    valid_until = models.DateField(_("exists until"), null=True, blank=True,
                                   help_text=_("The first day on which the division no longer "
                                               "existed."))

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        indexes = [models.Index(fields=["parent", "code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """The code digits shared by every division below this one (37, 3701 or 370102)."""
        if self.level == self.Level.PROVINCE:
            return self.code[:2]
        if self.level == self.Level.CITY:
            return self.code[:4]
        return self.code

    def subtree_bounds(self) -> tuple[str, str]:
        return self.prefix.ljust(6, "0"), self.prefix.ljust(6, "9")

    def subtree_q(self, field: str) -> Q:
        """A filter on ``field`` (a 6-digit code column) for this division and all below it.

        GB/T 2260 codes nest by prefix, so a subtree is one range on an indexed column.
        """
        low, high = self.subtree_bounds()
        return Q(**{f"{field}__gte": low, f"{field}__lte": high})

    def contains(self, code: str) -> bool:
        low, high = self.subtree_bounds()
        return low <= code <= high

    def existed_on(self, day: datetime.date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day < self.valid_until)
                and (not self.retired or self.valid_until is not None))

    @property
    def full_name(self) -> str:
        names = [self.name]
        parent = self.parent
        while parent is not None:
            names.append(parent.name)
            parent = parent.parent
        return "".join(reversed(names))
