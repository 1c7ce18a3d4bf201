from django.core.management.base import BaseCommand
from django.db import transaction

from qinshang.search.indexes import rebuild_indexes
from qinshang.search.services import search_text_refresh


class Command(BaseCommand):
    help = ("Fold every searched record's text again and rebuild the search indexes "
            "(FTS5 trigram on SQLite, pg_trgm on PostgreSQL).")

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            changed = search_text_refresh()
            tables = rebuild_indexes()
        self.stdout.write(f"search text refreshed: {changed} rows; "
                          f"indexes rebuilt: {len(tables)} tables")
