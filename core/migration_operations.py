"""Migration operations the apps share for their search columns.

- :func:`rebuild_search_keys` recomputes ``search_key`` (and ``initials_key``) of existing rows
  when the fields a model folds change, with the same functions ``NormalizedModel.normalize``
  uses (historical models in migrations have no ``normalize``).
- :func:`trigram_indexes` adds GIN trigram indexes on PostgreSQL (``LIKE '%…%'`` on folded
  keys, see :mod:`core.search`); SQLite runs the same queries without an index.
"""

from django.db import migrations

from .abbreviations import initials_key
from .text import fold_many


def _value(row, path: str) -> str:
    value = row
    for part in path.split("."):
        value = getattr(value, part, "") if value is not None else ""
    return str(value or "")


def rebuild_search_keys(
    app_label: str, model_name: str, search_fields: tuple[str, ...], initials_fields=()
) -> migrations.RunPython:
    """A reversible no-op-backwards operation that refreshes the folded keys of every row."""

    def rebuild(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        changed = []
        for row in model._default_manager.all().iterator(chunk_size=2000):
            row.search_key = fold_many(*(_value(row, path) for path in search_fields))
            if initials_fields:
                row.initials_key = initials_key(*(_value(row, path) for path in initials_fields))
            changed.append(row)
        fields = ["search_key", "initials_key"] if initials_fields else ["search_key"]
        model._default_manager.bulk_update(changed, fields, batch_size=1000)

    return migrations.RunPython(rebuild, migrations.RunPython.noop)


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"


def trigram_indexes(*pairs: tuple[str, str]) -> migrations.RunPython:
    """GIN trigram indexes on (table, column) pairs, on PostgreSQL only."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, column in pairs:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index_name(table, column)} "
                f"ON {table} USING gin ({column} gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in pairs:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(table, column)}")

    return migrations.RunPython(create, drop)
