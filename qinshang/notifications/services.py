"""Creating notifications. Services call ``notify`` inside their transaction; the email copy,
when email is configured, goes out only once the transaction has committed."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qinshang.core.middleware import PORTAL_LANGUAGE, PORTAL_PREFIX
from qinshang.events.labels import verb_label
from qinshang.notifications.models import Notification


def notify(*, recipients: Iterable, verb: str, target: models.Model, link: str,
           note: str = "", actor=None) -> list[Notification]:
    """One notification per recipient (the actor is never told about their own action)."""
    actor_id = getattr(actor, "pk", None)
    unique = {user.pk: user for user in recipients if user is not None and user.pk != actor_id}
    rows = Notification.objects.bulk_create([
        Notification(recipient=user, verb=verb, target_type=target._meta.label_lower,
                     target_id=str(target.pk), target_repr=str(target)[:200], link=link,
                     note=note)
        for user in unique.values()])
    if settings.QINSHANG_EMAIL_ENABLED:
        # SQLite and PostgreSQL both return the new ids from bulk_create.
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: notifications_email(ids))
    return rows


def notifications_email(ids: list[int]) -> int:
    """Send the email copy of each notification whose recipient has an address; returns how
    many were sent. A failing mail server leaves the notification unmarked, to be retried."""
    sent = 0
    for row in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True) \
            .select_related("recipient"):
        address = row.recipient.email
        if not address:
            continue
        with translation.override(_language_for(row.link)):
            subject = _("[qinshang] %(object)s: %(action)s") % {
                "object": row.target_repr, "action": verb_label(row.verb)}
            body = "\n\n".join(filter(None, [subject, row.note,
                                             settings.QINSHANG_SITE_URL + row.link]))
        try:
            send_mail(subject, body, None, [address])
        except OSError:
            continue
        Notification.objects.filter(pk=row.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def _language_for(link: str) -> str:
    """Compatriots read the portal in Traditional Chinese, and its emails too."""
    return PORTAL_LANGUAGE if link.startswith(PORTAL_PREFIX) else settings.LANGUAGE_CODE


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
