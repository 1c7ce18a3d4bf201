"""The database itself refuses to change a recorded event, whatever code talks to it.

Deletion is refused by the model layer only: test databases are emptied between tests with
DELETE, and an administrator restoring a backup must be able to do the same.
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER events_event_append_only BEFORE UPDATE ON events_event
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS events_event_append_only;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION events_event_refuse_update() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'events are append-only'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER events_event_append_only BEFORE UPDATE ON events_event
FOR EACH ROW EXECUTE FUNCTION events_event_refuse_update();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS events_event_append_only ON events_event;
DROP FUNCTION IF EXISTS events_event_refuse_update();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
