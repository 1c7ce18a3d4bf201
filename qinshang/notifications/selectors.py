"""Reading notifications: a user sees only their own."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from qinshang.notifications.models import Notification

# The bell shows "99+" beyond this: counting every unread row of a user who never reads them
# would cost a page more than the number is worth.
UNREAD_SHOWN_UP_TO = 99


def notification_list(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def notification_of(user, pk: int) -> Notification:
    """The user's own notification; anyone else's answers 404, like one that does not exist."""
    return get_object_or_404(Notification, pk=pk, recipient=user)


def unread_count(user) -> int:
    """Unread notifications, counted up to one more than the bell shows, in one query."""
    bounded = Notification.objects.filter(recipient=user).unread()[:UNREAD_SHOWN_UP_TO + 1]
    return bounded.count()


def unread_about(user, target: models.Model | None = None) -> QuerySet[Notification]:
    """The user's unread notifications, or those about one object."""
    rows = Notification.objects.filter(recipient=user).unread()
    if target is not None:
        rows = rows.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    return rows
