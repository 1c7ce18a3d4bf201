from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qinshang.appeals.tick import appeals_tick
from qinshang.liaison.tick import duties_tick
from qinshang.projects.tick import projects_flag_stalled


def _moment(text: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--now {text!r} is not an ISO date and time such as "
                           "2026-03-02T09:00 or 2026-03-02T09:00+08:00.") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = (
        "The periodic work on deadlines: mark appeals past their contact or answer limit as "
        "overdue, put those past their answer limit under supervision by the office one level "
        "up, tell each member of staff about their overdue liaison duties, notify the people "
        "concerned, and send the email copies still owed. Idempotent: a "
        "second run finds nothing more to do. A timer runs it, e.g. every 10 minutes: a "
        "systemd timer (OnCalendar=*:0/10) or a cron line, with the service's environment "
        "(*/10 * * * * qinshang tick)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", metavar="ISO-DATETIME",
                            help="the time to check the deadlines against (default: the clock; "
                                 "without a zone offset, the configured time zone)")

    def handle(self, *args, now: str | None, **options):
        moment = _moment(now) if now else timezone.now()
        # Duties and stalled projects first: their email copies go out with the appeals' retries.
        duty_notices = duties_tick(now=moment)
        stalled = projects_flag_stalled(moment)
        report = appeals_tick(now=moment)
        self.stdout.write(f"appeals marked overdue: {report.marked_overdue}")
        self.stdout.write(f"appeals put under supervision: {report.supervised}")
        self.stdout.write(f"overdue liaison duties notified: {duty_notices}")
        self.stdout.write(f"projects flagged stalled: {stalled}")
        self.stdout.write(f"notifications created: {report.notifications + duty_notices}")
        self.stdout.write(f"emails sent: {report.emails_sent}")
