from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from qinshang.workdays.models import CalendarYear
from qinshang.workdays.services import calendar_years_load_from_package


@pytest.fixture(autouse=True)
def seeded_calendar(db):
    """The years the migration seeded (reloaded if a transactional test emptied the tables)."""
    if not CalendarYear.objects.exists():
        calendar_years_load_from_package()


@pytest.fixture(autouse=True)
def office_time_zone():
    """The offices' time zone, whatever QINSHANG_TIME_ZONE the test run was given."""
    with timezone.override(ZoneInfo("Asia/Shanghai")):
        yield


@pytest.fixture(autouse=True)
def messages_in_english():
    """These tests read the refusals' wording in English; other languages are the catalogues'
    business (tests/test_catalogues.py)."""
    from django.utils import translation

    with translation.override("en"):
        yield
