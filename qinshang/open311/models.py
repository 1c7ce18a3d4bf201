"""What an Open311 client sent beside the appeal itself (GeoReport v2 POST Service Request).

The appeal holds what every appeal holds; the location and the reporter's own details that the
specification carries are kept here, so that GET Service Request can give them back.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    appeal = models.OneToOneField("appeals.Appeal", models.CASCADE, related_name="open311",
                                  verbose_name=_("appeal"))
    address_string = models.CharField(_("address as sent"), max_length=255, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True,
                            validators=[MinValueValidator(-90), MaxValueValidator(90)])
    long = models.FloatField(_("longitude"), null=True, blank=True,
                             validators=[MinValueValidator(-180), MaxValueValidator(180)])
    first_name = models.CharField(_("given name"), max_length=64, blank=True)
    last_name = models.CharField(_("family name"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")

    def __str__(self) -> str:
        return f"{self.appeal_id}"
