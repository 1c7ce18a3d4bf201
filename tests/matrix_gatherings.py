"""The jurisdiction matrix's routes of the gatherings app (see tests/matrix_common.py)."""

from __future__ import annotations

from typing import Any

from qinshang.testing.cast import Cast
from tests.matrix_common import Route

LABEL = "gatherings"
# The route names whose cases need this app's part of the cast (build below).
PREFIXES: tuple[str, ...] = ("gatherings:",)

ROUTES: dict[str, Route] = {}


def build(cast: Cast) -> Any:
    """This app's records for the matrix, reachable later as cast.extras["gatherings"]."""
    return None


def snapshot() -> dict:
    """Every row of this app that a view of the matrix could change."""
    return {}
