"""Derived initials of directive titles (``initials_key``, issue 11), filled in for existing
rows, with a trigram index on PostgreSQL."""

from django.db import migrations, models

from core.migration_operations import rebuild_search_keys, trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0002_directive_version"),
        ("core", "0002_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            "directive",
            "initials_key",
            models.TextField(blank=True, default="", editable=False, verbose_name="initials key"),
        ),
        rebuild_search_keys(
            "directives", "Directive", ("identifier", "type_name", "title"), ("title",)
        ),
        trigram_indexes(("directives_directive", "initials_key")),
    ]
