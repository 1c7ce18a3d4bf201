"""Filling ``search_text`` for rows written before a model became searchable (migrations)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from qinshang.text import fold, spaced

_BATCH = 2000


def backfill(app_label: str, model_name: str, fields: Sequence[str]) -> Callable:
    """A RunPython function folding ``fields`` into ``search_text``; the historical model has
    no SEARCH_FIELDS, so the migration names the fields it had then."""

    def run(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        batch = []
        for row in model.objects.only("pk", *fields).iterator(chunk_size=_BATCH):
            values = (getattr(row, name) for name in fields)
            row.search_text = spaced(fold(" ".join(str(value) for value in values if value)))
            batch.append(row)
            if len(batch) >= _BATCH:
                model.objects.bulk_update(batch, ["search_text"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["search_text"])

    return run
