import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from qinshang.demo.generator import ZONE, generate


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, generated once per test module inside a transaction that is rolled back
    afterwards (it takes most of a minute; each module's tests only read it)."""
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    outer = transaction.atomic()
    with django_db_blocker.unblock(), fast, timezone.override(ZONE):
        outer.__enter__()
        counts = generate()
    yield counts
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
