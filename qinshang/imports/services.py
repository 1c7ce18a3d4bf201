"""Every write of an import: the job, its progress, and the records of a file whose every row is
correct, all in one transaction (DESIGN.md §7, §9).

The run is read → check every row → write. Rows are checked in chunks with a few queries per
chunk; the writes are bulk inserts: the visits with their staff and persons, one
``visit.recorded`` event per visit exactly as ``visit_record`` records it, and one
``import.completed`` event for the job on the campaign's timeline. A survey return's opinions go
through ``appeal_register`` one by one (a file holds few of them), registered at the time of the
import: their time limits run from the day the office takes them in, while the campaign counts
them by the return day (``RaisedAppeal.raised_on``), as it does for a paper form typed in.

Where it runs: a file of up to ``QINSHANG_IMPORT_INLINE_ROWS`` rows (2,000 unless set) is
imported within the upload request, which then shows the finished job; a larger one in a
background thread of the web process (no broker), whose page polls the job's progress. A job
cut short by a restart stays unfinished with nothing written (the write is one transaction);
its page says so. The ``import`` management command runs the same function in the foreground.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qinshang.appeals.models import Category, Channel, Kind, Priority
from qinshang.appeals.services import appeal_register
from qinshang.appeals.workflow import TransitionRefused
from qinshang.campaigns.models import (
    Campaign,
    CampaignState,
    Distribution,
    RaisedAppeal,
    Survey,
    Visit,
)
from qinshang.campaigns.services import VISIT_FIELDS, campaign_set_targets
from qinshang.core.spreadsheets import write_table
from qinshang.enterprises.models import Enterprise
from qinshang.events.models import Event
from qinshang.events.services import event_record, timeline_key
from qinshang.imports import readers
from qinshang.imports.importers import (
    IMPORTERS,
    Importer,
    Problem,
    ReturnRecord,
    SurveyReturnImporter,
    TargetImporter,
    VisitImporter,
    VisitRecord,
)
from qinshang.imports.importers.projects import write_fund_arrivals, write_projects
from qinshang.imports.models import PROBLEMS_SHOWN, ImportJob, ImportKind, ImportState
from qinshang.questionnaires.models import FormResponse
from qinshang.text import indexed_values

logger = logging.getLogger(__name__)

CHUNK = 2_000        # rows checked per round of queries, and between progress updates
BATCH = 1_000        # rows per INSERT
INLINE_ROWS = 2_000

Progress = Callable[[ImportJob], None]


def batched(items: Iterable, size: int) -> Iterator[list]:
    """itertools.batched, which arrives with Python 3.12."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def inline_rows() -> int:
    return getattr(settings, "QINSHANG_IMPORT_INLINE_ROWS", INLINE_ROWS)


# --- the job -------------------------------------------------------------------------------------

def import_job_create(*, actor, kind: str, upload, campaign: Campaign,
                      survey: Survey | None = None, language: str | None = None,
                      at: datetime.datetime | None = None) -> ImportJob:
    """Store the uploaded file and queue its import. The job row is the record of the attempt;
    the domain's event log gets an entry only when something is imported."""
    if kind not in ImportKind.values:
        raise ValidationError(_("Unknown kind of import."))
    if kind == ImportKind.SURVEY_RETURNS and (survey is None or survey.campaign_id != campaign.pk):
        raise ValidationError(_("Say which survey the returns belong to."))
    name = PurePath(upload.name or "").name[:200] or "file"
    job = ImportJob(kind=kind, actor=actor, campaign=campaign, survey=survey,
                    original_name=name, language=language or translation.get_language()
                    or settings.LANGUAGE_CODE, created_at=at or timezone.now(),
                    updated_at=at or timezone.now())
    job.file.save(name, upload, save=False)
    job.save()
    return job


def import_job_start(job: ImportJob) -> None:
    """Import a small file now; a larger one in a background thread once the job is saved."""
    rows = readers.quick_count(Path(job.file.path))
    if rows is not None and rows <= inline_rows():
        import_job_run(job=job)
        return
    transaction.on_commit(lambda: threading.Thread(
        target=_run_in_background, args=(job.pk,), name=f"import-{job.pk}",
        daemon=True).start())


def _run_in_background(pk: int) -> None:
    try:
        import_job_run(job=ImportJob.objects.get(pk=pk))
    finally:
        # The thread's own connection; Django closes request connections, not this one.
        connection.close()


def _save(job: ImportJob, progress: Progress | None, **changes) -> None:
    for name, value in changes.items():
        setattr(job, name, value)
    job.updated_at = timezone.now()
    job.save(update_fields=[*changes, "updated_at"])
    if progress is not None:
        progress(job)


def importer_for(job: ImportJob, at: datetime.datetime | None = None) -> Importer:
    return IMPORTERS[job.kind](actor=job.actor, campaign=job.campaign, survey=job.survey, at=at)


def import_job_run(*, job: ImportJob, progress: Progress | None = None,
                   at: datetime.datetime | None = None) -> ImportJob:
    """Read, check every row, and write everything or nothing. Never raises for a bad file:
    the job ends ``done`` or ``failed`` with the reason. ``at`` dates the records (tests, past
    work); left out, it is now."""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            _run(job, progress, at)
        except readers.FileRefused as refusal:
            _fail(job, progress, refusal.message)
        except TransitionRefused as refusal:
            _fail(job, progress, str(refusal))
        except ValidationError as refusal:
            _fail(job, progress, " ".join(refusal.messages))
        except Exception:
            logger.exception("import job %s stopped", job.pk)
            _fail(job, progress, _("The import stopped on an unexpected error and nothing was "
                                   "written. The administrator can find the details in the "
                                   "log."))
    return job


def _run(job: ImportJob, progress: Progress | None, at: datetime.datetime | None) -> None:
    timings: dict[str, float] = {}
    importer = importer_for(job, at)
    importer.check_ready()
    _save(job, progress, state=ImportState.VALIDATING, rows_total=None, rows_done=0)
    begun = time.perf_counter()
    table = readers.read_table(Path(job.file.path),
                               on_progress=lambda rows: _save(job, progress, rows_done=rows))
    timings["read"] = time.perf_counter() - begun
    importer.check_header(table.header)
    _save(job, progress, rows_total=len(table.rows), rows_done=0)
    begun = time.perf_counter()
    for chunk in batched(table.rows, CHUNK):
        importer.check_rows(chunk)
        _save(job, progress, rows_done=job.rows_done + len(chunk))
    timings["validate"] = time.perf_counter() - begun
    if importer.problems:
        _fail_with_problems(job, progress, importer.problems, timings)
        return
    _save(job, progress, state=ImportState.WRITING)
    begun = time.perf_counter()
    with transaction.atomic():
        written = WRITERS[job.kind](job, importer, at)
        timings["write"] = time.perf_counter() - begun
        # A campaign's import goes on its timeline; a project import only on the job's own.
        event_record(actor=job.actor, verb="import.completed", target=job,
                     timeline=timeline_key(job.campaign) if job.campaign else "",
                     region_code=job.campaign.scope_id if job.campaign else "",
                     changes={"kind": job.kind, "file": job.original_name,
                              "rows": len(table.rows), "written": written}, at=at)
        _finish(job, progress, ImportState.DONE, written=written,
                timings={name: round(value, 3) for name, value in timings.items()})


def _finish(job: ImportJob, progress: Progress | None, state: str, **changes) -> None:
    _save(job, progress, state=state, finished_at=timezone.now(), **changes)


def _fail(job: ImportJob, progress: Progress | None, message: str) -> None:
    _finish(job, progress, ImportState.FAILED, message=message)


def _fail_with_problems(job: ImportJob, progress: Progress | None, problems: list[Problem],
                        timings: dict[str, float]) -> None:
    problems.sort(key=lambda problem: problem.row)
    job.report.save("report.xlsx", _problem_report(problems), save=False)
    _finish(job, progress, ImportState.FAILED, report=job.report,
            problem_count=len(problems),
            problems=[problem.as_list() for problem in problems[:PROBLEMS_SHOWN]],
            timings={name: round(value, 3) for name, value in timings.items()})


def _problem_report(problems: Sequence[Problem]) -> File:
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the storage after saving
    write_table(handle, _("Problems"), [
        (_("Row"), lambda problem: problem.row),
        (_("Column"), lambda problem: problem.column),
        (_("Value"), lambda problem: problem.value),
        (_("What is wrong"), lambda problem: problem.message),
    ], problems)
    handle.seek(0)
    return File(handle, name="report.xlsx")


# --- the writers: one per kind ---------------------------------------------------------------

def _locked_campaign(job: ImportJob) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=job.campaign_id)


def _write_visits(job: ImportJob, importer: VisitImporter,
                  at: datetime.datetime | None) -> int:
    """The visits, their staff and persons and one ``visit.recorded`` event each, as plain
    multi-row INSERTs: building a model instance per row costs more than the database does."""
    campaign = _locked_campaign(job)
    if campaign.state != CampaignState.LAUNCHED:
        raise TransitionRefused(_("Visits, symposiums and surveys are recorded only while the "
                                  "campaign runs (launched, not closed)."))
    now = at or timezone.now()
    records: list[VisitRecord] = importer.records
    moment = connection.ops.adapt_datetimefield_value(now)
    reports: Sequence[int | None] = [None] * len(records)
    if importer.with_report:
        answers = FormResponse._meta.get_field("answers")
        reports = _insert(FormResponse, ("template", "answers", "submitted_at", "entered_by"), (
            (campaign.visit_form_id, answers.get_db_prep_save(r.answers or {}, connection),
             moment, job.actor_id) for r in records), returning=True)
    day = connection.ops.adapt_datefield_value
    visit_ids = _insert(Visit, ("visited_on", "enterprise", "region", "campaign", "method",
                                "people_met", "summary", "report", "recorded_by",
                                "recorded_at", "search_text"), (
        (day(r.visited_on), r.enterprise.pk, r.enterprise.region_id, campaign.pk, r.method,
         r.people_met, r.summary, report, job.actor_id, moment,
         indexed_values(Visit, {"summary": r.summary}))
        for r, report in zip(records, reports, strict=True)), returning=True)
    pairs = list(zip(visit_ids, records, strict=True))
    _insert(Visit.staff.through, ("visit", "user"),
            ((pk, user_id) for pk, r in pairs for user_id, _name in r.staff))
    _insert(Visit.persons_met.through, ("visit", "person"),
            ((pk, person_id) for pk, r in pairs for person_id in r.person_ids))
    changes = Event._meta.get_field("changes")
    _insert(Event, ("at", "actor", "verb", "target_type", "target_id", "target_repr", "timeline",
                    "region_code", "changes", "note"), (
        (moment, job.actor_id, "visit.recorded", Visit._meta.label_lower, str(pk),
         f"{r.visited_on:%Y-%m-%d} {r.enterprise.pk}",
         f"{Enterprise._meta.label_lower}:{r.enterprise.pk}", r.enterprise.region_id,
         changes.get_db_prep_save(_visit_changes(campaign, r), connection), "")
        for pk, r in pairs))
    return len(visit_ids)


def _visit_changes(campaign: Campaign, record: VisitRecord) -> dict:
    """What ``visit_record`` puts in its event: the visit's fields (VISIT_FIELDS, as
    ``snapshot`` renders them), the campaign, the staff and the appeals raised (none here)."""
    fields = {"visited_on": record.visited_on.isoformat(), "method": record.method,
              "people_met": record.people_met, "summary": record.summary}
    return {**{name: fields[name] for name in VISIT_FIELDS}, "campaign": str(campaign),
            "staff": [name for _pk, name in record.staff], "appeals": []}


def _insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *,
            returning: bool = False) -> list[int]:
    """INSERT the rows (values ready for the database, in the order of ``fields``); with
    ``returning``, the new primary keys in the order of the rows."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    # Only the model's own table and column names go into the text; the values are bound.
    head = (f"INSERT INTO {quote(meta.db_table)} "
            f"({', '.join(quote(column.column) for column in columns)}) ")
    suffix = f" RETURNING {quote(meta.pk.column)}" if returning else ""
    if connection.vendor == "postgresql":
        # One array per column: a statement of a thousand rows has as many parameters as
        # columns, not thousands of placeholders for the driver to parse.
        arrays = ", ".join(f"%b::{column.db_type(connection)}[]" for column in columns)
        statement = f"{head}SELECT * FROM unnest({arrays}){suffix}"  # noqa: S608
        per_statement, parameters = BATCH, _by_column
    else:
        row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
        per_statement = min(BATCH, (connection.features.max_query_params or 999) // len(fields))
        statement, parameters = "", _by_row
    ids: list[int] = []
    with _cursor() as cursor:
        if returning and not connection.features.can_return_rows_from_bulk_insert:
            for row in rows:  # an SQLite older than 3.35: one row at a time
                cursor.execute(f"{head}VALUES {row_marks}", list(row))
                ids.append(cursor.lastrowid)
            return ids
        for chunk in batched(rows, per_statement):
            cursor.execute(statement or f"{head}VALUES {', '.join([row_marks] * len(chunk))}"
                           f"{suffix}", parameters(chunk))
            if returning:
                ids += [row[0] for row in cursor.fetchall()]
    return ids


def _cursor():
    """On PostgreSQL, a cursor that sends the values apart from the statement, so that the
    arrays go in binary (%b) rather than interpolated into the text with every element escaped
    in Python, as the project's cursors do; elsewhere the usual cursor. Both work in the
    connection's transaction."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def _by_row(chunk: Sequence[Sequence]) -> list:
    return [value for row in chunk for value in row]


def _by_column(chunk: Sequence[Sequence]) -> list[list]:
    return [list(column) for column in zip(*chunk, strict=True)]


def _write_returns(job: ImportJob, importer: SurveyReturnImporter,
                   at: datetime.datetime | None) -> int:
    now = at or timezone.now()
    records: list[ReturnRecord] = importer.records
    copies = _copies_still_waiting(records)
    survey = job.survey
    responses = FormResponse.objects.bulk_create(
        (FormResponse(template=survey.form, answers=r.answers, submitted_at=now,
                      entered_by=job.actor) for r in records), batch_size=BATCH)
    for record, response in zip(records, responses, strict=True):
        copy = copies[record.distribution_id]
        copy.response = response
        copy.returned_on = record.returned_on
        copy.return_method = record.method
        copy.token_digest = None
        copy.version += 1
    Distribution.objects.bulk_update(
        copies.values(), ["response", "returned_on", "return_method", "token_digest", "version"],
        batch_size=BATCH)
    raised = _raise_opinions(job, records, copies, at)
    Event.objects.bulk_create(
        (Event(at=now, actor=job.actor, verb="campaign.survey_returned",
               target_type=Campaign._meta.label_lower, target_id=str(job.campaign_id),
               target_repr=str(job.campaign)[:200],
               timeline=f"{Enterprise._meta.label_lower}:{r.enterprise.pk}",
               region_code=r.region_id,
               changes={"form": str(survey.form), "method": r.method,
                        "returned_on": r.returned_on.isoformat(),
                        "appeals": raised.get(r.distribution_id, [])})
         for r in records), batch_size=BATCH)
    return len(records)


def _copies_still_waiting(records: Sequence[ReturnRecord]) -> dict[int, Distribution]:
    """The copies, locked; a copy answered online while the file was being checked stops the
    import rather than being answered twice."""
    ids = [record.distribution_id for record in records]
    copies: dict[int, Distribution] = {}
    for chunk in batched(ids, BATCH):
        copies.update((copy.pk, copy) for copy in Distribution.objects.select_for_update()
                      .filter(pk__in=chunk, returned_on__isnull=True))
    if len(copies) != len(ids):
        raise TransitionRefused(_("Some of these forms were returned by other means while the "
                                  "file was being checked. Nothing was written: upload the file "
                                  "again to see which."))
    return copies


def _raise_opinions(job: ImportJob, records: Sequence[ReturnRecord],
                    copies: dict[int, Distribution],
                    at: datetime.datetime | None) -> dict[int, list[str]]:
    """Each opinion becomes an appeal (channel survey) of its category, raised in the
    campaign on the return day; the references, by copy."""
    with_opinions = [record for record in records if record.opinions]
    enterprises = Enterprise.objects.in_bulk([r.enterprise.pk for r in with_opinions])
    categories = Category.objects.in_bulk()
    references: dict[int, list[str]] = {}
    links = []
    for record in with_opinions:
        enterprise = enterprises[record.enterprise.pk]
        for category_id, text in record.opinions:
            appeal = appeal_register(
                actor=job.actor, enterprise=enterprise, at=at,
                data={"kind": Kind.OPINION, "channel": Channel.SURVEY,
                      "category": categories[category_id], "priority": Priority.NORMAL,
                      "title": text[:120], "description": text})
            links.append(RaisedAppeal(campaign_id=job.campaign_id, appeal=appeal,
                                      distribution=copies[record.distribution_id],
                                      region_id=enterprise.region_id,
                                      raised_on=record.returned_on))
            references.setdefault(record.distribution_id, []).append(appeal.reference)
    RaisedAppeal.objects.bulk_create(links, batch_size=BATCH)
    return references


def _write_targets(job: ImportJob, importer: TargetImporter,
                   at: datetime.datetime | None) -> int:
    ids = [record.enterprise.pk for record in importer.records]
    enterprises: list[Enterprise] = []
    for chunk in batched(ids, BATCH):
        enterprises += Enterprise.objects.filter(pk__in=chunk).only("pk", "region_id", "name")
    return campaign_set_targets(actor=job.actor, campaign=job.campaign, enterprises=enterprises,
                                criteria={"import": job.original_name}, at=at)


WRITERS: dict[str, Callable[[ImportJob, Importer, datetime.datetime | None], int]] = {
    ImportKind.VISITS: _write_visits,
    ImportKind.SURVEY_RETURNS: _write_returns,
    ImportKind.TARGETS: _write_targets,
    ImportKind.PROJECTS: write_projects,
    ImportKind.FUND_ARRIVALS: write_fund_arrivals,
}
