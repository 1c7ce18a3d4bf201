"""An import of a spreadsheet (visits, survey returns, a target list): the uploaded file, who
uploaded it for which campaign or survey, how far it has got, and what was wrong with it."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The page shows this many problems; the downloadable report holds all of them.
PROBLEMS_SHOWN = 200


class ImportKind(models.TextChoices):
    VISITS = "visits", _("Visits")
    SURVEY_RETURNS = "survey_returns", _("Survey returns")
    TARGETS = "targets", _("Target list")
    PROJECTS = "projects", _("Investment projects")
    FUND_ARRIVALS = "fund_arrivals", _("Fund arrivals")


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    VALIDATING = "validating", _("Checking the rows")
    WRITING = "writing", _("Writing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")


ACTIVE_STATES = frozenset({ImportState.QUEUED, ImportState.VALIDATING, ImportState.WRITING})


def _stored_name(job: ImportJob, filename: str) -> str:
    """A name of our own on disk: the user's file name is kept in ``original_name`` only."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def _report_name(job: ImportJob, filename: str) -> str:
    return f"imports/reports/{uuid.uuid4().hex}.xlsx"


class ImportJob(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    state = models.CharField(_("state"), max_length=12, choices=ImportState.choices,
                             default=ImportState.QUEUED)
    file = models.FileField(_("file"), upload_to=_stored_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    # The uploader's language when they uploaded: the problems are written in it, even by a
    # background thread that has no request.
    language = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                              verbose_name=_("uploaded by"))
    campaign = models.ForeignKey("campaigns.Campaign", models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("campaign"))
    survey = models.ForeignKey("campaigns.Survey", models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("survey"))
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    written = models.PositiveIntegerField(_("records written"), default=0)
    # A refusal of the whole file (not a spreadsheet, a wrong header, too many rows).
    message = models.TextField(_("message"), blank=True)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    # The first PROBLEMS_SHOWN problems: [row, column, value, what is wrong].
    problems = models.JSONField(_("problems shown"), default=list, blank=True)
    report = models.FileField(_("problem report"), upload_to=_report_name, max_length=200,
                              blank=True)
    # Seconds spent reading, checking and writing, for the page and the benchmark.
    timings = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    updated_at = models.DateTimeField(_("last progress"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["actor", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    @property
    def problems_hidden(self) -> int:
        return max(0, self.problem_count - len(self.problems))
