import pytest

from qinshang.testing.cast import build_liaison_cast


@pytest.fixture
def lines(cast, next_year_calendar):
    """The cast with its hotline (24 hours, 370102), a call, the province's round and a test
    call."""
    cast.liaison = build_liaison_cast(cast)
    return cast
