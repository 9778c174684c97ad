"""Derived initials of agency names and former names (``initials_key``, issue 11), filled in
for existing rows, with trigram indexes on PostgreSQL."""

from django.db import migrations, models

from core.migration_operations import rebuild_search_keys, trigram_indexes


def initials_field():
    return models.TextField(blank=True, default="", editable=False, verbose_name="initials key")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0004_agency_seat"),
        ("core", "0002_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField("agency", "initials_key", initials_field()),
        migrations.AddField("agencyname", "initials_key", initials_field()),
        rebuild_search_keys("agencies", "Agency", ("name", "short_name"), ("name",)),
        rebuild_search_keys("agencies", "AgencyName", ("name", "short_name"), ("name",)),
        trigram_indexes(
            ("agencies_agency", "initials_key"), ("agencies_agencyname", "initials_key")
        ),
    ]
