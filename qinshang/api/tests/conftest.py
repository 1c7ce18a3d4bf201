"""Fixtures for the API's tests: the cast with its appeal, each member with a token of their
own, and a client that speaks JSON with a token."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.test import Client

from qinshang.api.services import token_issue
from qinshang.testing.cast import Cast, build_appeal_cast

BASE = "/api/v1"


@dataclass
class ApiClient:
    """Requests to /api/v1/ with one member's token (none: anonymous) and a language."""

    client: Client
    token: str | None = None
    language: str = "zh-hans"

    def _headers(self) -> dict:
        headers = {"HTTP_ACCEPT_LANGUAGE": self.language}
        if self.token is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        return headers

    def get(self, path: str, params: dict | None = None):
        return self.client.get(BASE + path, params or {}, **self._headers())

    def post(self, path: str, body=None, *, raw: str | None = None):
        content = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(BASE + path, content, content_type="application/json",
                                **self._headers())

    def request(self, method: str, path: str, body=None):
        if method == "GET":
            return self.get(path)
        return self.post(path, body)


@pytest.fixture
def appeal_cast(cast, next_year_calendar) -> Cast:
    cast.appeals = build_appeal_cast(cast)
    return cast


@pytest.fixture
def tokens(cast) -> dict[str, str]:
    """One token per member of the cast (the portal user's too)."""
    return {name: token_issue(actor=user, name=f"{name}'s script").secret
            for name, user in cast.everyone().items()}


@pytest.fixture
def api(client, tokens):
    """``api(member, language="zh-hans")``: a client acting with that member's token."""

    def as_member(member: str | None, language: str = "zh-hans") -> ApiClient:
        return ApiClient(client, tokens.get(member) if member else None, language)

    return as_member
