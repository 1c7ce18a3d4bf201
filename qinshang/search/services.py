"""Writing what search finds records by, for the rows the services did not write one by one
(bulk loads, an upgrade that changed SEARCH_FIELDS)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model

from qinshang.search.kinds import searched_models
from qinshang.text import indexed_text

BATCH = 2000


def search_text_refresh(models: Iterable[type[Model]] | None = None) -> int:
    """Fold every row's SEARCH_FIELDS again and store what changed; the number of rows changed.
    The SQLite triggers and the PostgreSQL index follow the column by themselves."""
    changed = 0
    for model in models or searched_models():
        batch: list[Model] = []
        rows = model._default_manager.only("pk", "search_text", *model.SEARCH_FIELDS)
        for row in rows.order_by("pk").iterator(chunk_size=BATCH):
            text = indexed_text(row)
            if text != row.search_text:
                row.search_text = text
                batch.append(row)
            if len(batch) >= BATCH:
                model._default_manager.bulk_update(batch, ["search_text"])
                changed += len(batch)
                batch = []
        if batch:
            model._default_manager.bulk_update(batch, ["search_text"])
            changed += len(batch)
    return changed
