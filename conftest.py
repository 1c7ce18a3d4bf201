import os

import pytest

from qinshang.regions.models import Region
from qinshang.regions.services import divisions_load

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


@pytest.fixture
def divisions(db):
    """The bundled division list (reloaded if a transactional test emptied the tables)."""
    if not Region.objects.exists():
        divisions_load()


@pytest.fixture
def cast(divisions):
    from qinshang.testing.cast import build_cast

    return build_cast()
