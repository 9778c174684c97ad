"""GIN trigram indexes on the folded search keys, for ``search_key__contains`` (core.search).

PostgreSQL only: the queries are ``LIKE '%folded text%'`` on already-folded keys, which a
``gin_trgm_ops`` index serves; SQLite runs the same queries without an index.
"""

from django.db import migrations

TABLES = [
    "agencies_agency",
    "agencies_agencyname",
    "agencies_official",
    "directives_directive",
    "programs_program",
]


def index_name(table: str) -> str:
    return f"{table}_search_key_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(table)} "
            f"ON {table} USING gin (search_key gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_database_setup"),
        ("agencies", "0001_initial"),
        ("directives", "0001_initial"),
        ("programs", "0001_initial"),
    ]
    operations = [migrations.RunPython(create, drop)]
