"""Personal API tokens: issued to a user, looked up by digest (the request then acts as that
user, which records when it was last used), revoked by their owner."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.api.models import ApiToken
from qinshang.events.services import event_record

# 32 random bytes: 256 bits, url-safe, 43 characters.
_TOKEN_BYTES = 32
# Writing last_used_at on every request would turn every read into a write.
_LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once; never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_issue(*, actor, name: str) -> IssuedToken:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, so that you can tell it apart.")})
    secret = secrets.token_urlsafe(_TOKEN_BYTES)
    with transaction.atomic():
        token = ApiToken.objects.create(user=actor, name=name[:80], digest=_digest(secret),
                                        prefix=secret[:8], created_at=timezone.now())
        event_record(actor=actor, verb="api_token.issued", target=token,
                     timeline=f"accounts.user:{actor.pk}", changes={"prefix": token.prefix})
    return IssuedToken(token=token, secret=secret)


def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens; a token already revoked stays as it was."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk, user=actor)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            event_record(actor=actor, verb="api_token.revoked", target=token,
                         timeline=f"accounts.user:{actor.pk}",
                         changes={"prefix": token.prefix})
    return token


def user_for_token(secret: str | None):
    """The active user a presented token acts as, or None (unknown, revoked, inactive user)."""
    if not secret or len(secret) > 256:
        return None
    token = (ApiToken.objects.select_related("user")
             .filter(digest=_digest(secret), revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
