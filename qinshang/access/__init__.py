"""Who may see and change what: decided here and nowhere else.

Lists go through ``visible(user, Model)``, single objects through
``get_for_user(user, Model, pk, write=...)``. Jurisdiction is the office's division subtree; an
object outside it answers exactly like one that does not exist (404).
"""

from qinshang.access.principal import Principal, principal_of
from qinshang.access.rules import (
    can_write,
    get_for_user,
    may_place,
    office_staff_required,
    require_writer,
    staff_required,
    visible,
    writable,
)

__all__ = [
    "Principal",
    "can_write",
    "get_for_user",
    "may_place",
    "office_staff_required",
    "principal_of",
    "require_writer",
    "staff_required",
    "visible",
    "writable",
]
