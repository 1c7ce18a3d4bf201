"""The periodic check of appeal deadlines (``qinshang tick``, run by a timer).

An unanswered appeal past its contact or answer limit is marked overdue once; one past its
answer limit is put under supervision (督办) by the office one level up. Each appeal changes in
its own short transaction, locked and with its version bumped, so a user acting on it at the
same moment is never overwritten and the timer never holds the database for long. Running the
tick again finds nothing more to do: it is idempotent, and notifies nobody twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qinshang.appeals.models import UNANSWERED_STATES, Appeal
from qinshang.appeals.services import (
    handlers_of,
    office_above,
    office_staff,
    staff_link,
    supervise_flag,
)
from qinshang.events.services import event_record
from qinshang.notifications.models import Notification
from qinshang.notifications.services import notifications_email, notify
from qinshang.offices.models import Office

# An email copy that could not be sent is retried at the following ticks for this long; after
# that the notification is only in the interface: stale news by email is noise.
EMAIL_RETRY_WINDOW = datetime.timedelta(days=3)
# The request that created a notification sends its email itself right after committing; the
# tick leaves it that long before trying, so that the two never send the same copy.
EMAIL_GRACE = datetime.timedelta(minutes=5)
CHUNK = 500


@dataclass
class TickReport:
    marked_overdue: int = 0
    supervised: int = 0
    notifications: int = 0
    emails_sent: int = 0


@dataclass
class _Change:
    """What one appeal's turn did."""

    marked_overdue: bool = False
    supervised: bool = False
    notification_ids: tuple[int, ...] = ()


def appeals_tick(*, now: datetime.datetime) -> TickReport:
    report = TickReport()
    created: list[int] = []
    for pk in _candidates(now):
        change = _tick_appeal(pk, now)
        report.marked_overdue += change.marked_overdue
        report.supervised += change.supervised
        report.notifications += len(change.notification_ids)
        created.extend(change.notification_ids)
    if settings.QINSHANG_EMAIL_ENABLED:
        report.emails_sent = _email_copies(created)
    return report


# --- finding the appeals -------------------------------------------------------------------------


def _candidates(now: datetime.datetime) -> list[int]:
    """Ids of the appeals with something to do, one indexed query per condition: never a walk
    over every open appeal."""
    unanswered = Appeal.objects.filter(state__in=UNANSWERED_STATES)
    late_answer = unanswered.filter(answer_due__lt=now)
    conditions = (
        late_answer.filter(overdue_at__isnull=True),
        unanswered.filter(
            overdue_at__isnull=True, first_contact_at__isnull=True, contact_due__lt=now
        ),
        # Province-owned appeals have no office above: they are only marked overdue.
        late_answer.filter(supervised=False).exclude(office__region__code__endswith="0000"),
    )
    ids: set[int] = set()
    for query in conditions:
        ids.update(query.order_by().values_list("pk", flat=True))
    return sorted(ids)


def _limits_passed(appeal: Appeal, now: datetime.datetime) -> list[str]:
    passed = []
    if appeal.answer_due is not None and appeal.answer_due < now:
        passed.append("answer_due")
    if appeal.first_contact_at is None and appeal.contact_due < now:
        passed.append("contact_due")
    return passed


# --- one appeal ----------------------------------------------------------------------------------


@transaction.atomic
def _tick_appeal(pk: int, now: datetime.datetime) -> _Change:
    # Re-read under the lock: the user may have answered or contacted since the search. Only
    # the appeal's row is locked, not its office's.
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("office")
        .filter(pk=pk, state__in=UNANSWERED_STATES)
        .first()
    )
    if appeal is None:
        return _Change()
    passed = _limits_passed(appeal, now)
    change = _Change()
    if passed and appeal.overdue_at is None:
        appeal.overdue_at = now
        change.marked_overdue = True
    supervisor: Office | None = None
    if "answer_due" in passed and not appeal.supervised:
        supervisor = office_above(appeal.office)
        if supervisor is not None:
            supervise_flag(appeal, supervisor, now)
            change.supervised = True
    if not (change.marked_overdue or change.supervised):
        return change
    appeal.version += 1
    appeal.save(
        update_fields=["overdue_at", "supervised", "supervised_by", "supervised_at", "version"]
    )
    change.notification_ids = tuple(_record_and_notify(appeal, change, passed, supervisor, now))
    return change


def _record_and_notify(
    appeal: Appeal,
    change: _Change,
    passed: list[str],
    supervisor: Office | None,
    now: datetime.datetime,
) -> list[int]:
    handlers = handlers_of(appeal)
    created: list[int] = []
    # Stored texts (event and notification notes) are written in the offices' language.
    with translation.override(settings.LANGUAGE_CODE):
        if change.marked_overdue:
            event_record(
                actor=None,
                verb="appeal.overdue",
                target=appeal,
                region_code=appeal.region_id,
                at=now,
                changes={name: _local(getattr(appeal, name)) for name in passed},
            )
            created += _notify(appeal, "appeal.overdue", handlers, _overdue_note(appeal, passed))
        if change.supervised:
            note = _("The answer deadline (%(due)s) passed without an answer.") % {
                "due": _local(appeal.answer_due)
            }
            event_record(
                actor=None,
                verb="appeal.supervised",
                target=appeal,
                region_code=appeal.region_id,
                at=now,
                note=note,
                changes={"supervised_by": str(supervisor)},
            )
            created += _notify(
                appeal, "appeal.supervised", handlers + office_staff(supervisor), note
            )
    return created


def _overdue_note(appeal: Appeal, passed: list[str]) -> str:
    lines = []
    if "contact_due" in passed:
        lines.append(
            _("The appellant was not contacted by %(due)s.") % {"due": _local(appeal.contact_due)}
        )
    if "answer_due" in passed:
        lines.append(
            _("The appeal was not answered by %(due)s.") % {"due": _local(appeal.answer_due)}
        )
    return "\n".join(lines)


def _notify(appeal: Appeal, verb: str, users: Iterable, note: str) -> list[int]:
    rows = notify(recipients=users, verb=verb, target=appeal, link=staff_link(appeal), note=note)
    return [row.pk for row in rows]


def _local(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


# --- email copies --------------------------------------------------------------------------------


def _email_copies(created: list[int]) -> int:
    """Send the email copies still owed: this tick's (normally sent already as each appeal's
    transaction committed; any that failed are retried here) and recent ones from earlier ticks
    and requests whose send failed. Returns how many went out during this tick."""
    sent = 0
    for chunk in _chunks(created):
        rows = list(Notification.objects.filter(pk__in=chunk).values_list("pk", "emailed_at"))
        sent += sum(1 for _pk, emailed in rows if emailed is not None)
        sent += notifications_email([pk for pk, emailed in rows if emailed is None])
    real_now = timezone.now()
    owed = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            at__gte=real_now - EMAIL_RETRY_WINDOW,
            at__lt=real_now - EMAIL_GRACE,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .order_by()
        .values_list("pk", flat=True)
    )
    for chunk in _chunks(list(owed)):
        sent += notifications_email(chunk)
    return sent


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    # Keeps every IN (...) below the parameter limits of SQLite and PostgreSQL drivers.
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
