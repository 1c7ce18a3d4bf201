"""Personal API tokens (issue #7 point 3): created on the staff's own page and shown once, used as
a bearer token, revoked by their owner only; a revoked or unknown token opens nothing (401)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qinshang.api.models import ApiToken
from qinshang.api.services import token_issue, token_revoke
from qinshang.api.tests.conftest import BASE
from qinshang.events.models import Event

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_new_token_is_shown_once_and_then_opens_the_api(client, cast):
    # given the owner on their token page
    client.force_login(cast.owner)
    # when they create a token
    response = client.post(reverse("api_tokens:create"), {"name": "统计脚本"})
    # then the answer shows its secret, not to be cached, and the log has the issue
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=cast.owner)
    assert token.digest != secret and secret.startswith(token.prefix)
    assert Event.objects.filter(verb="api_token.issued").count() == 1
    # and the list shows the token by name and prefix, never the secret again
    listing = client.get(reverse("api_tokens:list")).content.decode()
    assert "统计脚本" in listing and token.prefix in listing and secret not in listing
    # and the secret opens the API as the owner
    client.logout()
    answer = client.get(f"{BASE}/enterprises", **bearer(secret))
    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["items"]] == [cast.enterprise.pk]


def test_a_token_needs_a_name(client, cast):
    client.force_login(cast.owner)
    response = client.post(reverse("api_tokens:create"), {"name": "   "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_revoked_token_opens_nothing(client, cast):
    issued = token_issue(actor=cast.owner, name="脚本")
    assert client.get(f"{BASE}/enterprises", **bearer(issued.secret)).status_code == 200
    # when the owner revokes it on the page
    client.force_login(cast.owner)
    response = client.post(reverse("api_tokens:revoke", args=[issued.token.pk]))
    assert response.status_code == 302
    client.logout()
    # then the API answers 401 in JSON
    answer = client.get(f"{BASE}/enterprises", **bearer(issued.secret))
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"
    assert answer["WWW-Authenticate"] == "Bearer"


def test_nobody_revokes_another_users_token(client, cast):
    issued = token_issue(actor=cast.owner, name="夜间同步任务")
    client.force_login(cast.city)
    assert client.post(reverse("api_tokens:revoke", args=[issued.token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=issued.token.pk).is_active
    # and the city's own list does not show it
    assert "夜间同步任务" not in client.get(reverse("api_tokens:list")).content.decode()


def test_portal_users_have_no_token_page(client, cast):
    client.force_login(cast.portal)
    assert client.get(reverse("api_tokens:list")).status_code == 404
    assert client.post(reverse("api_tokens:create"), {"name": "x"}).status_code == 404
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("header", [
    None, "Bearer", "Bearer ", "Bearer not-a-token", "Basic b3duZXI6cGFzcw==", "Token abc",
    "Bearer " + "x" * 5000,
])
def test_a_missing_or_wrong_token_is_401(client, cast, header):
    token_issue(actor=cast.owner, name="脚本")
    headers = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    answer = client.get(f"{BASE}/appeals", **headers)
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"


def test_a_logged_in_session_does_not_open_the_api(client, cast):
    """Tokens only: a browser's session cookie is no credential here, so no request can be
    forged from another site."""
    client.force_login(cast.owner)
    assert client.get(f"{BASE}/enterprises").status_code == 401
    assert client.post(f"{BASE}/appeals", "{}", content_type="application/json").status_code \
        == 401


def test_the_token_of_a_deactivated_user_opens_nothing(client, cast):
    issued = token_issue(actor=cast.owner, name="脚本")
    cast.owner.is_active = False
    cast.owner.save()
    assert client.get(f"{BASE}/enterprises", **bearer(issued.secret)).status_code == 401


def test_revoking_twice_leaves_the_first_revocation(cast):
    issued = token_issue(actor=cast.owner, name="脚本")
    first = token_revoke(actor=cast.owner, token=issued.token).revoked_at
    assert token_revoke(actor=cast.owner, token=issued.token).revoked_at == first
    assert Event.objects.filter(verb="api_token.revoked").count() == 1
