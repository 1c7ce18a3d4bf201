from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from qinshang.access import get_for_user, principal_of
from qinshang.accounts.models import User
from qinshang.campaigns.models import Campaign, Survey
from qinshang.imports.models import PROBLEMS_SHOWN, ImportJob, ImportKind, ImportState
from qinshang.imports.services import import_job_create, import_job_run

KINDS = {"visits": ImportKind.VISITS, "survey-returns": ImportKind.SURVEY_RETURNS,
         "survey_returns": ImportKind.SURVEY_RETURNS, "returns": ImportKind.SURVEY_RETURNS,
         "targets": ImportKind.TARGETS}


class Command(BaseCommand):
    help = (
        "Import visits, survey returns or a target list from an xlsx or csv file, as the given "
        "user would through the upload page: every row is checked first, and nothing is "
        "written unless all of them are correct. Prints the progress, then what was imported "
        "or every problem found (row, column, what is wrong). Exit status 1 when nothing was "
        "imported. Example: qinshang import visits 走访.xlsx --campaign 12 --user zhangwei"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--campaign", type=int, help="the campaign's id")
        parser.add_argument("--survey", type=int, help="the survey's id (survey returns)")
        parser.add_argument("--user", required=True, help="the user name to import as")

    def handle(self, *args, kind: str, file: Path, campaign: int | None, survey: int | None,
               user: str, **options):
        kind = KINDS[kind]
        actor = self._actor(user)
        target_campaign, target_survey = self._subject(actor, kind, campaign, survey)
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        with file.open("rb") as handle:
            job = import_job_create(actor=actor, kind=kind, campaign=target_campaign,
                                    survey=target_survey, upload=File(handle, name=file.name))
        self.stdout.write(f"import {job.pk}: {file.name}")
        job = import_job_run(job=job, progress=self._progress())
        self._report(job)

    def _actor(self, username: str) -> User:
        try:
            actor = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user is called {username!r}.") from None
        if not principal_of(actor).write_ranges:
            raise CommandError(f"{username} may not record anything (no writing role).")
        return actor

    def _subject(self, actor, kind: str, campaign: int | None,
                 survey: int | None) -> tuple[Campaign, Survey | None]:
        try:
            if kind == ImportKind.SURVEY_RETURNS:
                if survey is None:
                    raise CommandError("Survey returns need --survey ID.")
                found = get_for_user(actor, Survey, survey)
                if campaign is not None and found.campaign_id != campaign:
                    raise CommandError(f"Survey {survey} belongs to campaign "
                                       f"{found.campaign_id}, not {campaign}.")
                return found.campaign, found
            if campaign is None:
                raise CommandError(f"{kind} need --campaign ID.")
            return get_for_user(actor, Campaign, campaign,
                                write=kind == ImportKind.TARGETS), None
        except Http404:
            raise CommandError(f"{actor.username} has no such campaign or survey in reach."
                               ) from None
        except PermissionDenied as refusal:
            raise CommandError(str(refusal)) from None

    def _progress(self):
        shown: dict[str, object] = {}

        def show(job: ImportJob) -> None:
            line = _progress_line(job)
            if line and shown.get("line") != line:
                shown["line"] = line
                self.stdout.write(line)
                self.stdout.flush()

        return show

    def _report(self, job: ImportJob) -> None:
        if job.state == ImportState.DONE:
            timings = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in job.timings.items())
            self.stdout.write(self.style.SUCCESS(
                f"imported {job.rows_total:,} rows: {job.written:,} written ({timings})"))
            return
        if job.message:
            raise CommandError(job.message)
        for row, column, value, message in job.problems:
            self.stdout.write(f"row {row}, {column}: {message}" + (f" [{value}]" if value else ""))
        if job.problem_count > PROBLEMS_SHOWN:
            self.stdout.write(f"… and {job.problem_count - PROBLEMS_SHOWN:,} more")
        if job.report:
            self.stdout.write(f"all problems: {job.report.path}")
        raise CommandError(f"nothing was written: {job.problem_count:,} problems in "
                           f"{job.rows_total:,} rows")


def _progress_line(job: ImportJob) -> str:
    if job.state == ImportState.VALIDATING and job.rows_total is None:
        return f"read {job.rows_done:,} rows" if job.rows_done else "reading"
    if job.state == ImportState.VALIDATING:
        return f"validated {job.rows_done:,} of {job.rows_total:,} rows"
    if job.state == ImportState.WRITING:
        return f"writing {job.rows_total:,} rows"
    return ""
