"""What the Open311 tests share beside their fixtures."""

from __future__ import annotations

from xml.etree import ElementTree

from qinshang.appeals.models import Appeal
from qinshang.events.models import Event
from qinshang.open311.models import Submission


def written() -> dict[str, list]:
    """Every row an Open311 post may write: a refused post must leave them as they were."""
    return {
        "appeals": list(Appeal.objects.order_by("pk").values()),
        "submissions": list(Submission.objects.order_by("pk").values()),
        "events": list(Event.objects.exclude(verb__startswith="api_token.")
                       .order_by("pk").values_list("pk", flat=True)),
    }


def parse_xml(content: bytes | str) -> ElementTree.Element:
    """Our own answers, written by ElementTree: no entities or DTDs to defuse."""
    return ElementTree.fromstring(content)  # noqa: S314
