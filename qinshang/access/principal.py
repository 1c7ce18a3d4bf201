from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from qinshang.accounts.models import Membership, Role

WRITING_ROLES = frozenset({Role.OFFICER, Role.ADMIN})
READING_ROLES = frozenset({Role.OFFICER, Role.ADMIN, Role.LEADER})


@dataclass(frozen=True)
class Principal:
    """What one user may reach, read once per request from their active memberships."""

    user_id: int | None
    read_ranges: tuple[tuple[str, str], ...] = ()
    write_ranges: tuple[tuple[str, str], ...] = ()
    department_ids: frozenset[int] = frozenset()
    enterprise_ids: frozenset[int] = frozenset()
    person_ids: frozenset[int] = frozenset()
    roles: frozenset[str] = frozenset()

    @property
    def is_portal_user(self) -> bool:
        return bool(self.enterprise_ids or self.person_ids)

    @property
    def is_staff_member(self) -> bool:
        """Office staff and department liaisons use the staff UI; portal users do not."""
        return bool(self.read_ranges or self.department_ids)

    def region_q(self, field: str, *, write: bool = False) -> Q:
        ranges = self.write_ranges if write else self.read_ranges
        condition = Q(pk__in=[])
        for low, high in ranges:
            condition |= Q(**{f"{field}__gte": low, f"{field}__lte": high})
        return condition

    def offices_above(self) -> list[str]:
        """Codes of the province and city above each office the user belongs to (a range
        starts at the office's own code: 370102, 370100 or 370000)."""
        return sorted({code for low, _high in self.read_ranges
                       for code in (low[:2] + "0000", low[:4] + "00")})

    def covers(self, code: str, *, write: bool = False) -> bool:
        ranges = self.write_ranges if write else self.read_ranges
        return any(low <= code <= high for low, high in ranges)


ANONYMOUS = Principal(user_id=None)


def principal_of(user) -> Principal:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_qinshang_principal", None)
    if cached is not None:
        return cached
    memberships = list(Membership.objects.filter(user=user, active=True)
                       .select_related("office__region"))
    office_memberships = [m for m in memberships if m.role in READING_ROLES]
    principal = Principal(
        user_id=user.pk,
        read_ranges=tuple(sorted({m.office.region.subtree_bounds() for m in office_memberships})),
        write_ranges=tuple(sorted({m.office.region.subtree_bounds() for m in office_memberships
                                   if m.role in WRITING_ROLES})),
        department_ids=frozenset(m.department_id for m in memberships
                                 if m.role == Role.DEPARTMENT),
        enterprise_ids=frozenset(m.enterprise_id for m in memberships
                                 if m.role == Role.PORTAL and m.enterprise_id),
        person_ids=frozenset(m.person_id for m in memberships
                             if m.role == Role.PORTAL and m.person_id),
        roles=frozenset(m.role for m in memberships),
    )
    user._qinshang_principal = principal
    return principal
