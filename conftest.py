import os

import pytest

from qinshang.regions.services import divisions_load
from qinshang.testing.reference import next_year_calendar_ensure, reference_data_ensure

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
    reference_data_ensure()


@pytest.fixture
def next_year_calendar(divisions):
    """The next year's calendar by the weekly rule alone (see next_year_calendar_ensure)."""
    next_year_calendar_ensure()


@pytest.fixture
def cast(divisions):
    from qinshang.testing.cast import build_cast

    return build_cast()
