"""On PostgreSQL, a trigram index serves the name filter (LIKE '%…%' on the folded text).

pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. SQLite answers
the same filter from the folded column without an index; its full-text index is a later step.
"""

from django.db import migrations

UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS enterprise_search_text_trgm "
    "ON enterprises_enterprise USING gin (search_text gin_trgm_ops)",
]
DOWN = ["DROP INDEX IF EXISTS enterprise_search_text_trgm"]


def run(statements: list[str]):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(run(UP), run(DOWN))]
