from django.db import models
from django.utils.translation import gettext_lazy as _


class Office(models.Model):
    """A Taiwan Affairs Office (台办) or Taiwan, Hong Kong and Macao Affairs Office at a region."""

    class Kind(models.TextChoices):
        TAIWAN = "taiwan", _("Taiwan Affairs Office")
        TAIWAN_HK_MACAO = "taiwan_hk_macao", _("Taiwan, Hong Kong and Macao Affairs Office")

    region = models.OneToOneField("regions.Region", models.PROTECT, related_name="office",
                                  verbose_name=_("division"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TAIWAN)

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A functional department (职能部门) at a region that appeals can be routed to."""

    class Sector(models.TextChoices):
        DEVELOPMENT_REFORM = "development_reform", _("Development and reform")
        COMMERCE = "commerce", _("Commerce")
        HUMAN_RESOURCES = "human_resources", _("Human resources and social security")
        NATURAL_RESOURCES = "natural_resources", _("Natural resources")
        ECOLOGY = "ecology", _("Ecology and environment")
        INDUSTRY = "industry", _("Industry and information technology")
        TAXATION = "taxation", _("Taxation")
        FINANCE = "finance", _("Finance")
        MARKET_REGULATION = "market_regulation", _("Market regulation")
        EXIT_ENTRY = "exit_entry", _("Public security exit-entry administration")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")

    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="departments",
                               verbose_name=_("division"))
    name = models.CharField(_("name"), max_length=100)
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices)

    class Meta:
        ordering = ["region_id", "sector"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [models.UniqueConstraint(fields=["region", "sector"],
                                               name="department_one_per_sector_and_region")]

    def __str__(self) -> str:
        return self.name
