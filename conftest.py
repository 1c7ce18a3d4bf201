import os

import pytest

from qinshang.appeals.categories import categories_add_initial
from qinshang.appeals.models import Category
from qinshang.questionnaires.initial import form_templates_add_initial
from qinshang.questionnaires.models import FormTemplate, Question
from qinshang.regions.models import Region
from qinshang.regions.services import divisions_load
from qinshang.workdays.models import CalendarYear
from qinshang.workdays.services import calendar_years_load_from_package

# Playwright's sync API runs an event loop in the test thread; the ORM calls made around it
# are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        divisions_load()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast has eight users with passwords; the production hasher takes a quarter second
    for each, which tests do not need."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def uploaded_files_folder(settings, tmp_path):
    """Attachments written by a test stay in that test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def divisions(db):
    """The reference data migrations and the session load put in: the division list, the
    holiday calendar, the appeal categories and the initial form templates (reloaded if a
    transactional test, whose flush empties every table, ran before)."""
    if not Region.objects.exists():
        divisions_load()
    if not CalendarYear.objects.exists():
        calendar_years_load_from_package()
    if not Category.objects.exists():
        categories_add_initial(Category)
    if not FormTemplate.objects.exists():
        form_templates_add_initial(FormTemplate, Question)


@pytest.fixture
def next_year_calendar(divisions):
    """For pages that register appeals at the real present moment: near the year's end their
    deadlines reach into the next year, whose holidays may not be published yet. The
    administrator would enter that year; here it counts by the weekly rule alone."""
    from django.utils import timezone

    CalendarYear.objects.get_or_create(year=timezone.localdate().year + 1,
                                       defaults={"source": "test: weekly rule only"})


@pytest.fixture
def cast(divisions):
    from qinshang.testing.cast import build_cast

    return build_cast()
