"""Fixtures for the appeal tests: the cast as a crew that moves appeals through the services, and
a builder for an appeal of the cast's enterprise in any state, at fixed past times."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qinshang.appeals.models import Appeal
from qinshang.testing.appeals import CoHandler, Crew, build_appeal, co_handler_at, crew_of
from qinshang.testing.cast import CITY


@pytest.fixture
def co_handler(cast) -> CoHandler:
    """A second Jinan department (human resources) and its liaison."""
    return co_handler_at(CITY)


@pytest.fixture
def crew(cast, co_handler) -> Crew:
    return crew_of(cast, co_handler)


@pytest.fixture
def build(cast, crew) -> Callable[..., Appeal]:
    """``build(state, **options)``: an appeal of the cast's enterprise in that state (see
    qinshang.testing.appeals.build_appeal for the options)."""

    def build_for_enterprise(state: str, **options) -> Appeal:
        options.setdefault("enterprise", cast.enterprise)
        options.setdefault("crew", crew)
        return build_appeal(state, **options)

    return build_for_enterprise
