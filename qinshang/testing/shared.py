"""Records built once and used by many tests, each test still starting from the same rows.

The jurisdiction matrix built the whole cast again for each of its two thousand cases, which took
most of CI's time on PostgreSQL. ``SharedRecords`` builds it once, in a savepoint of a transaction
held open for the test module, and keeps it while the following tests ask for the same build.
Each test still runs in its own savepoint (pytest-django's), rolled back at its end, so every test
starts from the rows the build left; it gets its own deep copy of the built Python objects, so
what one test changes in memory never reaches the next; the files the build wrote are copied into
the test's own MEDIA_ROOT. A test that asks for a different build (another key) has the previous
one rolled back first.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings

Built = TypeVar("Built")


class SharedRecords:
    def __init__(self, unblock: Callable[[], Any], folder: Path) -> None:
        self._unblock = unblock
        self._folder = folder
        self._key: Hashable | None = None
        self._built: Any = None
        self._savepoint: str | None = None

    def get(self, key: Hashable, build: Callable[[], Built]) -> Built:
        """A copy of what ``build`` made for ``key``, built now unless the last build had it."""
        with self._unblock():
            if self._savepoint is None or key != self._key:
                self._start_over(key, build)
        shutil.copytree(self._folder, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
        return copy.deepcopy(self._built)

    def _start_over(self, key: Hashable, build: Callable[[], Built]) -> None:
        if len(connection.atomic_blocks) != 1:
            raise RuntimeError(
                "SharedRecords builds before the test's own transaction opens: request its "
                "fixture before db (and do not mark the test django_db).")
        self.discard()
        self._savepoint = transaction.savepoint()
        with override_settings(MEDIA_ROOT=self._folder):
            self._built = build()
        # PostgreSQL checks the deferred foreign keys of the build here, once: left pending, they
        # would be checked again at the end of every test, whose rollback marks them unchecked.
        connection.check_constraints()
        self._key = key

    def discard(self) -> None:
        if self._savepoint is not None:
            transaction.savepoint_rollback(self._savepoint)
            self._savepoint, self._key, self._built = None, None, None
        shutil.rmtree(self._folder, ignore_errors=True)
        self._folder.mkdir(parents=True)


@contextmanager
def shared_records_in_transaction(django_db_blocker, folder: Path) -> Iterator[SharedRecords]:
    """For a module-scoped fixture: a transaction around the module's tests, rolled back at the
    end with everything built in it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield SharedRecords(django_db_blocker.unblock, folder)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
