"""The search indexes over every searched table's ``search_text`` column.

SQLite: an FTS5 table with the trigram tokenizer per searched table (external content: it holds
only the index), kept current by triggers on insert, update of ``search_text`` and delete, so
every write reaches it, bulk writes included. PostgreSQL: a GIN pg_trgm index per table, which
``LIKE '%…%'`` uses on a database with a UTF-8 locale.

``ensure_indexes`` runs after every ``migrate`` (a migration that rebuilds a table on SQLite drops
its triggers) and is idempotent; ``rebuild_indexes`` rebuilds them from the stored column.
"""

# Table names in these statements come from the models' Meta, never from input.
# ruff: noqa: S608
from __future__ import annotations

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from qinshang.search.kinds import searched_models

_TRIGGERS = ("insert", "update", "delete")


def fts_table(db_table: str) -> str:
    return f"{db_table}_fts"


def trigram_index(db_table: str) -> str:
    return f"{db_table}_search_trgm"


def _searched_tables() -> list[str]:
    return [model._meta.db_table for model in searched_models()]


def _sqlite_objects(cursor) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
    return {name for (name,) in cursor.fetchall()}


def _sqlite_trigger_sql(table: str, fts: str, event: str) -> str:
    delete_old = (f"INSERT INTO {fts}({fts}, rowid, search_text) "
                  f"VALUES ('delete', old.id, old.search_text);")
    insert_new = f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text);"
    when = {"insert": "AFTER INSERT", "update": "AFTER UPDATE OF search_text",
            "delete": "AFTER DELETE"}[event]
    body = {"insert": insert_new, "update": delete_old + " " + insert_new,
            "delete": delete_old}[event]
    return f"CREATE TRIGGER {fts}_{event} {when} ON {table} BEGIN {body} END"


def _ensure_sqlite(connection: BaseDatabaseWrapper) -> list[str]:
    rebuilt = []
    with connection.cursor() as cursor:
        present = _sqlite_objects(cursor)
        for table in _searched_tables():
            if table not in present:
                continue
            fts = fts_table(table)
            missing = [event for event in _TRIGGERS if f"{fts}_{event}" not in present]
            if fts not in present:
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, content='{table}', "
                    f"content_rowid='id', tokenize='trigram', columnsize=0)")
            for event in missing:
                cursor.execute(_sqlite_trigger_sql(table, fts, event))
            if missing or fts not in present:
                # Rows written while the triggers were missing are not in the index yet.
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
                rebuilt.append(table)
    return rebuilt


def _ensure_postgresql(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in _searched_tables():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {trigram_index(table)} ON {table} "
                           f"USING gin (search_text gin_trgm_ops)")
    return []


def ensure_indexes(using: str = "default") -> list[str]:
    """Create what is missing; the tables whose index had to be filled are returned."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        return _ensure_sqlite(connection)
    if connection.vendor == "postgresql":
        return _ensure_postgresql(connection)
    return []


def rebuild_indexes(using: str = "default") -> list[str]:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Index statements refuse to run while the transaction's deferred constraint
            # checks wait.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    ensure_indexes(using)
    tables = _searched_tables()
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "sqlite":
                cursor.execute(f"INSERT INTO {fts_table(table)}({fts_table(table)}) "
                               f"VALUES ('rebuild')")
            elif connection.vendor == "postgresql":
                cursor.execute(f"REINDEX INDEX {trigram_index(table)}")
    return tables


def after_migrate(sender, using: str = "default", **kwargs) -> None:
    ensure_indexes(using)
