import pytest

from qinshang.testing.shared import shared_records_in_transaction


@pytest.fixture(scope="module")
def shared_records(django_db_setup, django_db_blocker, tmp_path_factory):
    """Records built once for a run of the module's tests (qinshang.testing.shared)."""
    folder = tmp_path_factory.mktemp("shared-files")
    with shared_records_in_transaction(django_db_blocker, folder) as records:
        yield records
