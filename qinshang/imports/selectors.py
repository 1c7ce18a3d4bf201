"""Every read of imports: a user's own jobs, and what an upload page explains."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.campaigns.models import Campaign, CampaignState, Survey
from qinshang.imports.importers import IMPORTERS, Column, Importer
from qinshang.imports.models import ImportJob, ImportKind
from qinshang.imports.readers import MAX_BYTES, MAX_ROWS

# An unfinished job that has not moved for this long was cut short (the server restarted).
STALLED_AFTER = datetime.timedelta(minutes=10)
RECENT_JOBS = 5


def import_job_of(user, pk) -> ImportJob:
    """The user's own import (any, for a superuser); anyone else's answers 404, like one that
    does not exist."""
    jobs = ImportJob.objects.select_related("campaign", "survey__form", "actor")
    if not user.is_superuser:
        jobs = jobs.filter(actor=user)
    return get_object_or_404(jobs, pk=pk)


def is_stalled(job: ImportJob, now: datetime.datetime | None = None) -> bool:
    return job.active and job.updated_at < (now or timezone.now()) - STALLED_AFTER


def recent_jobs(user, *, kind: str, campaign: Campaign,
                survey: Survey | None = None) -> list[ImportJob]:
    return list(ImportJob.objects.filter(actor=user, kind=kind, campaign=campaign,
                                         survey=survey)[:RECENT_JOBS])


def importer_of(user, kind: str, campaign: Campaign, survey: Survey | None = None) -> Importer:
    return IMPORTERS[kind](actor=user, campaign=campaign, survey=survey)


def refusal(kind: str, campaign: Campaign) -> str:
    """Why the campaign takes no file of this kind now ("" when it does)."""
    if kind == ImportKind.TARGETS and campaign.state != CampaignState.DRAFT:
        return _("The target list was frozen when the campaign was launched.")
    if kind == ImportKind.VISITS and campaign.state != CampaignState.LAUNCHED:
        return _("Visits, symposiums and surveys are recorded only while the campaign runs "
                 "(launched, not closed).")
    return ""


def template_url(kind: str, campaign: Campaign, survey: Survey | None) -> str:
    return reverse("imports:template", kwargs={"kind": kind,
                                               "pk": survey.pk if survey else campaign.pk})


@dataclass(frozen=True)
class UploadPage:
    kind: str
    kind_label: str
    campaign: Campaign
    survey: Survey | None
    columns: list[Column]
    refusal: str
    template_url: str
    recent: list[ImportJob]
    max_rows: int = MAX_ROWS
    max_megabytes: int = MAX_BYTES // (1024 * 1024)


def upload_page(user, kind: str, campaign: Campaign, survey: Survey | None = None) -> UploadPage:
    importer = importer_of(user, kind, campaign, survey)
    return UploadPage(kind=kind, kind_label=ImportKind(kind).label, campaign=campaign,
                      survey=survey, columns=importer.documented_columns(),
                      refusal=refusal(kind, campaign),
                      template_url=template_url(kind, campaign, survey),
                      recent=recent_jobs(user, kind=kind, campaign=campaign, survey=survey))
