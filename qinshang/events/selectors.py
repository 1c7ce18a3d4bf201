from django.db.models import QuerySet

from qinshang.events.models import Event


def timeline_events(key: str, *, limit: int = 200) -> QuerySet[Event]:
    return Event.objects.for_timeline(key).select_related("actor")[:limit]
