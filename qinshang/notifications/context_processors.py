"""The bell in the top bar of every page of a logged-in user."""

from __future__ import annotations

from functools import cache

from qinshang.notifications import selectors


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # Counted only when a template shows the bell, and then once whatever the template does.
    @cache
    def unread() -> int:
        return selectors.unread_count(user)

    return {"notifications_unread": unread,
            "notifications_unread_limit": selectors.UNREAD_SHOWN_UP_TO}
