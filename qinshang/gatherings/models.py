"""Events the offices hold or take part in (座谈会, 圆桌恳谈会, 联谊会, trade fairs …), with who
came and what came of them (DESIGN.md §2). Called gatherings in the code because ``Event`` is
the event log's name."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SYMPOSIUM = "symposium", _("Symposium")
    ROUND_TABLE = "round_table", _("Round table")
    GET_TOGETHER = "get_together", _("Get-together")
    CULTURAL = "cultural", _("Cultural event")
    TRADE_FAIR = "trade_fair", _("Trade fair")
    FORUM = "forum", _("Forum")
    DELEGATION = "delegation", _("Delegation")
    TRAINING = "training", _("Training")


# The kinds at which investment projects are signed (SigningEvent in the words).
SIGNING_KINDS = (Kind.TRADE_FAIR, Kind.FORUM, Kind.DELEGATION)


class Gathering(models.Model):
    SEARCH_FIELDS = ("title", "place", "summary")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last day"), null=True, blank=True,
                               help_text=_("For events of more than one day."))
    place = models.CharField(_("place"), max_length=200, blank=True)
    office = models.ForeignKey("offices.Office", models.PROTECT, related_name="gatherings",
                               verbose_name=_("organising office"))
    # Where it was held, at or below the organising office's division.
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+",
                               verbose_name=_("division"))
    # A symposium held by a campaign's visiting team counts towards the team's "1+2+6" quota.
    campaign = models.ForeignKey("campaigns.Campaign", models.PROTECT, null=True, blank=True,
                                 related_name="gatherings", verbose_name=_("campaign"))
    team = models.ForeignKey("campaigns.Team", models.SET_NULL, null=True, blank=True,
                             related_name="gatherings", verbose_name=_("visiting team"))
    attendees = models.PositiveIntegerField(_("number of attendees"), default=0)
    enterprises = models.ManyToManyField("enterprises.Enterprise", blank=True,
                                         related_name="gatherings",
                                         verbose_name=_("enterprises attending"))
    persons = models.ManyToManyField("enterprises.Person", blank=True,
                                     related_name="gatherings",
                                     verbose_name=_("persons attending"))
    summary = models.TextField(_("summary"), blank=True)
    appeals = models.ManyToManyField("appeals.Appeal", blank=True,
                                     related_name="raised_at_gatherings",
                                     verbose_name=_("appeals raised"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    # What search finds it by: SEARCH_FIELDS folded (qinshang.text.indexed_text), kept by the
    # services and indexed by qinshang.search.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["region", "held_on"]),
                   models.Index(fields=["kind", "region", "held_on"]),
                   models.Index(fields=["campaign", "region"])]
        constraints = [
            models.CheckConstraint(
                name="gathering_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("held_on")),
                violation_error_message=_("An event cannot end before it starts.")),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"
