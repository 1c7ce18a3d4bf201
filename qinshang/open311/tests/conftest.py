"""Fixtures for the Open311 tests: a client that enforces CSRF like a real one would (the
endpoints must not need a token), the cast, and personal API tokens of its members."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from qinshang.api.services import token_issue


@pytest.fixture
def open311(cast, next_year_calendar) -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def key_of(cast) -> Callable[[str], str]:
    """``key_of("owner")``: a fresh personal API token of that cast member."""

    def issue(member: str) -> str:
        return token_issue(actor=getattr(cast, member), name=f"12345 ({member})").secret

    return issue
