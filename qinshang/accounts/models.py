from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")
    DEPARTMENT = "department", _("Department liaison")
    PORTAL = "portal", _("Portal user")


OFFICE_ROLES = (Role.OFFICER, Role.LEADER, Role.ADMIN)


class Membership(models.Model):
    """A user's place: an office (officer, leader, admin), a department, or an enterprise
    (portal). What the user may see and change follows from these rows alone."""

    user = models.ForeignKey(User, models.CASCADE, related_name="memberships",
                             verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    office = models.ForeignKey("offices.Office", models.PROTECT, null=True, blank=True,
                               related_name="memberships", verbose_name=_("office"))
    department = models.ForeignKey("offices.Department", models.PROTECT, null=True, blank=True,
                                   related_name="memberships", verbose_name=_("department"))
    enterprise = models.ForeignKey("enterprises.Enterprise", models.PROTECT, null=True,
                                   blank=True, related_name="portal_memberships",
                                   verbose_name=_("enterprise"))
    # A compatriot with no enterprise of their own reaches their own appeals through this.
    person = models.ForeignKey("enterprises.Person", models.PROTECT, null=True, blank=True,
                               related_name="portal_memberships", verbose_name=_("person"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_place_matches_role",
                condition=(
                    Q(role__in=OFFICE_ROLES, office__isnull=False, department__isnull=True,
                      enterprise__isnull=True, person__isnull=True)
                    | Q(role=Role.DEPARTMENT, office__isnull=True, department__isnull=False,
                        enterprise__isnull=True, person__isnull=True)
                    | (Q(role=Role.PORTAL, office__isnull=True, department__isnull=True)
                       & (Q(enterprise__isnull=False) | Q(person__isnull=False)))
                ),
            ),
        ]

    def __str__(self) -> str:
        place = self.office or self.department or self.enterprise or self.person
        return f"{self.user} · {self.get_role_display()} · {place}"
