from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from qinshang.access.principal import principal_of
from qinshang.access.scopes import scope_for

M = TypeVar("M", bound=Model)


def _reach(user, model: type[Model], *, write: bool) -> Q:
    principal = principal_of(user)
    scope = scope_for(model._meta.label_lower)
    reach = principal.region_q(scope.region, write=write)
    if write:
        return reach
    if scope.seen_from_below and principal.read_ranges:
        reach |= Q(**{f"{scope.region}__in": principal.offices_above()})
    if scope.enterprise and principal.enterprise_ids:
        reach |= _through(model, scope.enterprise, principal.enterprise_ids)
    if scope.department and principal.department_ids:
        reach |= _through(model, scope.department, principal.department_ids)
    if scope.person and principal.person_ids:
        reach |= _through(model, scope.person, principal.person_ids)
    return reach


def _through(model: type[Model], path: str, ids: frozenset[int]) -> Q:
    """Rows linked to one of ``ids`` along ``path``, as a subquery so that a to-many path never
    repeats a row."""
    linked = model._default_manager.filter(**{f"{path}__in": sorted(ids)}).values("pk")
    return Q(pk__in=linked)


def visible(user, model: type[M], queryset: QuerySet[M] | None = None) -> QuerySet[M]:
    """The rows of ``model`` this user may see (optionally narrowing a given queryset)."""
    base = queryset if queryset is not None else model._default_manager.all()
    return base.filter(_reach(user, model, write=False))


def writable(user, model: type[M], queryset: QuerySet[M] | None = None) -> QuerySet[M]:
    base = queryset if queryset is not None else model._default_manager.all()
    return base.filter(_reach(user, model, write=True))


def get_for_user(user, model: type[M], pk, *, write: bool = False,
                 queryset: QuerySet[M] | None = None) -> M:
    """One object the user may see (404 otherwise); with write=True also one they may change.

    Not found and out of reach are the same 404, so a probe learns nothing. An object in
    reach but read-only for this user answers 403 with a message.
    """
    try:
        obj = visible(user, model, queryset).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_write(user, obj):
        raise PermissionDenied(_("You may view this record but not change it."))
    return obj


def can_write(user, obj: Model) -> bool:
    return writable(user, type(obj)).filter(pk=obj.pk).exists()


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff pages: anonymous users go to the login page; portal users get 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not principal_of(request.user).is_staff_member:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def office_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages of the offices' own work (campaigns): department liaisons and portal users get
    404, anonymous users the login page."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not principal_of(request.user).read_ranges:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def require_writer(user) -> None:
    """Forms that create records: only users who may write somewhere may open them."""
    if not principal_of(user).write_ranges:
        raise PermissionDenied(_("Your role may view records but not create them."))


def may_place(user, region_code: str) -> bool:
    """May this user file a record under this division (create it there or move it there)?"""
    return principal_of(user).covers(region_code, write=True)
