from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qinshang.campaigns.models import Campaign
from qinshang.regions.models import Region
from qinshang.reports.files import FORMATS, filename, write_report
from qinshang.reports.summary import build_summary


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--cutoff {text!r} is not a date such as 2014-02-28.") from None


def _campaign(pk: str) -> Campaign:
    try:
        return Campaign.objects.select_related("scope").get(pk=int(pk))
    except (ValueError, Campaign.DoesNotExist):
        raise CommandError(f"There is no campaign {pk!r}.") from None


def _region(campaign: Campaign, code: str | None) -> Region:
    if code is None:
        return campaign.scope
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise CommandError(f"--region {code!r} is not a division code.")
    if not campaign.scope.contains(region.code):
        raise CommandError(f"{region.name} ({code}) is outside the campaign's scope, "
                           f"{campaign.scope.name} ({campaign.scope_id}).")
    return region


class Command(BaseCommand):
    help = (
        "Write a report from the records. `report campaign <id>`: the summary report (总结讲评) "
        "of a campaign for a division (default: the campaign's scope) at a cut-off day "
        "(default: today, or the campaign's last day once it is over), as docx or xlsx."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["campaign"], help="what to report on")
        parser.add_argument("id", help="the campaign's number")
        parser.add_argument("--region", metavar="CODE",
                            help="six-digit division code within the campaign's scope")
        parser.add_argument("--cutoff", metavar="YYYY-MM-DD", help="the last day counted")
        parser.add_argument("--format", choices=FORMATS, default="docx")
        parser.add_argument("--output", metavar="FILE",
                            help="where to write it (default: a name made of the campaign, "
                                 "the division and the day, in the current folder)")

    def handle(self, *args, kind: str, id: str, region: str | None, cutoff: str | None,
               format: str, output: str | None, **options):
        campaign = _campaign(id)
        day = _day(cutoff) if cutoff else None
        if day is not None and not campaign.covers_day(day):
            raise CommandError(f"--cutoff {day} lies outside the campaign, which runs from "
                               f"{campaign.starts_on} to {campaign.ends_on}.")
        report = build_summary(campaign, _region(campaign, region), day)
        path = Path(output) if output else Path(filename(report, format))
        try:
            with path.open("wb") as handle:
                write_report(report, format, handle)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
        self.stdout.write(f"{path}")
        for sentence in report.sentences:
            self.stdout.write(sentence)
