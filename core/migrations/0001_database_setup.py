"""Database features the apps rely on, PostgreSQL only (SQLite gets them in Python):

- the ICU collation ``vietnamese`` (vi-VN) for sorting names in Vietnamese order;
- ``pg_trgm`` for trigram indexes on folded search keys;
- ``unaccent``, so ad-hoc SQL can fold text the way :func:`core.text.fold` does.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE COLLATION IF NOT EXISTS vietnamese (provider = icu, locale = 'vi-VN')"
    )
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP COLLATION IF EXISTS vietnamese")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create, drop)]
