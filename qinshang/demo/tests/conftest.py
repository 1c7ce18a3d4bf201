import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from qinshang.demo.generator import ZONE, generate


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, generated once for all the demo tests inside a transaction that is rolled
    back after the last of them (it takes minutes; the tests only read it, each in a savepoint of
    its own that is rolled back)."""
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    outer = transaction.atomic()
    with django_db_blocker.unblock(), fast, timezone.override(ZONE):
        outer.__enter__()
        counts = generate()
        # PostgreSQL checks the demo's deferred foreign keys here, once, at the transaction's top
        # level, and then forgets them. Left pending, they were all checked again at the end of
        # every test (pytest-django checks constraints before rolling back the test's savepoint,
        # and the rollback marks them unchecked): about 2 s a test.
        connection.check_constraints()
    yield counts
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
