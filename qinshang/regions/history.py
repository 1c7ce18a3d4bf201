"""The division tree as it stood on a given day.

Records keep the code their division has today (an enterprise of 莱芜区 carries 370116), so that
jurisdiction follows the present offices. A report of an earlier year, though, must draw the tree
of that year: in 2014 莱芜市 (371200) was a city of its own. ``TreeOn`` maps today's codes back
to the divisions that held their place on the report's day and rolls counts up that tree.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db.models import Q

from qinshang.regions.models import Region


class TreeOn:
    """The divisions of one subtree as they were on ``day``, read in one query."""

    def __init__(self, root: Region, day: datetime.date) -> None:
        self.root = root
        self.day = day
        low, high = root.subtree_bounds()
        # Predecessors outside the subtree too: in 2014 today's 370116 (济南) was 371202 (莱芜).
        self._regions = {region.code: region for region in Region.objects.filter(
            Q(code__gte=low, code__lte=high) | Q(successor_id__gte=low, successor_id__lte=high),
            mainland=True)}
        self._regions.setdefault(root.code, root)
        self._predecessor: dict[str, str] = {}
        for region in self._regions.values():
            if region.successor_id and region.existed_on(day):
                self._predecessor[region.successor_id] = region.code

    def existed(self, code: str) -> bool:
        region = self._regions.get(code)
        return region is not None and region.existed_on(self.day)

    def region(self, code: str) -> Region:
        return self._regions[code]

    def code_then(self, code: str) -> str | None:
        """The division that held this code's place on the day (``None``: outside the root)."""
        seen = set()
        while code not in seen:
            seen.add(code)
            if self.existed(code):
                return code
            earlier = self._predecessor.get(code)
            if earlier is None:
                return code if code in self._regions else None
            code = earlier
        return None

    def children(self, code: str) -> list[Region]:
        return sorted((region for region in self._regions.values()
                       if region.parent_id == code and region.existed_on(self.day)),
                      key=lambda region: region.code)

    def child_of(self, parent: Region, county_code: str) -> str | None:
        """Which child of ``parent`` (as of the day) a county's record falls under."""
        code = self.code_then(county_code)
        while code is not None:
            region = self._regions.get(code)
            if region is None:
                return None
            if region.parent_id == parent.code:
                return code
            if code == parent.code:
                return None
            code = region.parent_id
        return None

    def roll_up(self, parent: Region, counts: Mapping[str, int]) -> dict[str, int]:
        """Counts per county code summed per child of ``parent``; every child has a row."""
        totals = {child.code: 0 for child in self.children(parent.code)}
        for county_code, count in counts.items():
            child = self.child_of(parent, county_code)
            if child is not None:
                totals[child] = totals.get(child, 0) + count
        return totals
