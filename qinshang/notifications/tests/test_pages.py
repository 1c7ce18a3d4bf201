"""A user's notifications: the bell on every page, the list, opening one, marking all read."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from qinshang.accounts.models import User
from qinshang.events.labels import verb_label
from qinshang.notifications.models import Notification
from qinshang.notifications.services import notify


def tell(user, target, *, verb: str = "appeal.assigned", link: str = "/", note: str = "",
         minutes_ago: int = 0) -> Notification:
    [row] = notify(recipients=[user], verb=verb, target=target, link=link, note=note)
    if minutes_ago:
        row.at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        row.save(update_fields=["at"])
    return row


def opened_ids(html: str) -> list[int]:
    """The notifications listed, in page order, by the id in their link."""
    return [int(pk) for pk in re.findall(r'href="/notifications/(\d+)/"', html)]


def bell_count(html: str) -> str | None:
    found = re.search(r'class="bell-count">([^<]+)<', html)
    return found.group(1) if found else None


def notification_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]]


# --- the list ------------------------------------------------------------------------------------

def test_the_list_shows_own_notifications_newest_first_unread_marked(client, cast):
    older = tell(cast.owner, cast.enterprise, verb="appeal.answered", minutes_ago=60,
                 note="已答复企业")
    newer = tell(cast.owner, cast.enterprise, verb="appeal.overdue")
    Notification.objects.filter(pk=older.pk).update(read_at=timezone.now())
    someone_elses = tell(cast.city, cast.enterprise)
    client.force_login(cast.owner)
    response = client.get(reverse("notifications:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert opened_ids(html) == [newer.pk, older.pk]
    assert someone_elses.pk not in opened_ids(html)
    assert html.count('class="notification unread"') == 1
    with translation.override("zh-hans"):
        assert escape(verb_label("appeal.overdue")) in html
    assert "已答复企业" in html
    assert escape(str(cast.enterprise)) in html
    assert bell_count(html) == "1"


def test_the_list_is_paginated(client, cast, settings):
    settings.QINSHANG_PAGE_SIZE = 5
    rows = [tell(cast.owner, cast.enterprise, minutes_ago=minutes) for minutes in range(7, 0, -1)]
    client.force_login(cast.owner)
    first = opened_ids(client.get(reverse("notifications:list")).content.decode())
    second = opened_ids(client.get(reverse("notifications:list"), {"page": 2}).content.decode())
    assert first == [row.pk for row in reversed(rows)][:5]
    assert second == [rows[1].pk, rows[0].pk]


def test_a_portal_user_sees_their_list_without_the_staff_navigation(client, cast):
    mine = tell(cast.portal, cast.enterprise, link="/portal/appeals/1/")
    client.force_login(cast.portal)
    html = client.get(reverse("notifications:list")).content.decode()
    assert opened_ids(html) == [mine.pk]
    assert 'class="mainnav"' not in html
    assert reverse("enterprises:list") not in html
    assert bell_count(html) == "1"


def test_markup_in_a_note_is_shown_as_text(client, cast):
    tell(cast.owner, cast.enterprise, note="<script>alert(1)</script>")
    client.force_login(cast.owner)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_an_empty_list_says_so(client, cast):
    client.force_login(cast.owner)
    html = client.get(reverse("notifications:list")).content.decode()
    assert opened_ids(html) == []
    assert 'class="empty"' in html
    assert bell_count(html) is None


@pytest.mark.parametrize("name", ["notifications:list", "notifications:read"])
def test_anonymous_users_are_sent_to_the_login_page(client, db, name):
    response = client.get(reverse(name)) if name.endswith("list") else client.post(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- opening one ---------------------------------------------------------------------------------

def test_opening_marks_it_read_and_leads_to_its_page(client, cast):
    row = tell(cast.owner, cast.enterprise, link="/appeals/42/")
    other = tell(cast.owner, cast.enterprise)
    client.force_login(cast.owner)
    response = client.get(reverse("notifications:open", args=[row.pk]))
    assert (response.status_code, response["Location"]) == (302, "/appeals/42/")
    assert Notification.objects.get(pk=row.pk).read_at is not None
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_someone_elses_notification_is_not_found_and_stays_unread(client, cast):
    theirs = tell(cast.city, cast.enterprise, link="/appeals/42/")
    client.force_login(cast.owner)
    response = client.get(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    missing = client.get(reverse("notifications:open", args=[theirs.pk + 1000]))
    assert missing.status_code == 404


def test_a_link_off_the_site_is_never_followed(client, cast):
    row = tell(cast.owner, cast.enterprise, link="//evil.example.com/")
    client.force_login(cast.owner)
    response = client.get(reverse("notifications:open", args=[row.pk]))
    assert response["Location"] == reverse("notifications:list")


# --- marking all read ----------------------------------------------------------------------------

def test_mark_all_read_touches_only_own_notifications(client, cast):
    mine = [tell(cast.owner, cast.enterprise) for _ in range(3)]
    theirs = tell(cast.city, cast.enterprise)
    client.force_login(cast.owner)
    response = client.post(reverse("notifications:read"))
    assert (response.status_code, response["Location"]) == (302, reverse("notifications:list"))
    assert not Notification.objects.filter(pk__in=[row.pk for row in mine],
                                           read_at__isnull=True).exists()
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    html = client.get(response["Location"]).content.decode()
    assert bell_count(html) is None
    assert 'class="notification unread"' not in html


def test_mark_all_read_refuses_get(client, cast):
    row = tell(cast.owner, cast.enterprise)
    client.force_login(cast.owner)
    assert client.get(reverse("notifications:read")).status_code == 405
    assert Notification.objects.get(pk=row.pk).read_at is None


# --- the bell ------------------------------------------------------------------------------------

@pytest.mark.parametrize("member", ["owner", "department"])
def test_the_bell_costs_one_query_on_a_staff_page(client, cast, member):
    user = getattr(cast, member)
    for _ in range(3):
        tell(user, cast.enterprise)
    client.force_login(user)
    client.get(reverse("core:home"))  # a warm session, as for a working user
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert bell_count(html) == "3"
    assert f'href="{reverse("notifications:list")}"' in html
    assert len(notification_queries(captured)) == 1


def test_the_unread_count_is_asked_once_on_a_portal_users_page(client, cast):
    for _ in range(3):
        tell(cast.portal, cast.enterprise)
    client.force_login(cast.portal)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("notifications:list")).content.decode()
    # the page uses the count twice (the bell and the "mark all as read" button)
    assert bell_count(html) == "3"
    assert len([sql for sql in notification_queries(captured) if "IS NULL" in sql]) == 1
    # the list itself: the page count and the rows
    assert len(notification_queries(captured)) == 3


def test_the_bell_stops_counting_at_99(client, cast):
    Notification.objects.bulk_create([
        Notification(recipient=cast.owner, verb="appeal.assigned", target_type="x",
                     target_id="1", target_repr="x", link="/") for _ in range(120)])
    client.force_login(cast.owner)
    html = client.get(reverse("core:home")).content.decode()
    assert bell_count(html) == "99+"


# --- the admin -----------------------------------------------------------------------------------

def test_the_administrator_reads_notifications_in_the_admin_without_editing(client, cast):
    row = tell(cast.owner, cast.enterprise, note="已答复企业")
    administrator = User.objects.create_superuser("root", "root@example.cn", "x")
    client.force_login(administrator)
    listing = client.get(reverse("admin:notifications_notification_changelist"))
    assert listing.status_code == 200
    assert escape(str(cast.enterprise)) in listing.content.decode()
    page = client.get(reverse("admin:notifications_notification_change", args=[row.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # shown, not editable
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
