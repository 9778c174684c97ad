"""Search over meetings and tasks (issue 11): derived initials of program, task and meeting
titles (``initials_key``), meetings' conclusions and tasks' descriptions in their search keys,
filled in for existing rows; trigram indexes on PostgreSQL for the keys the global search now
reads (tasks and meetings had none)."""

from django.db import migrations, models

from core.migration_operations import rebuild_search_keys, trigram_indexes


def initials_field():
    return models.TextField(blank=True, default="", editable=False, verbose_name="initials key")


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("core", "0002_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField("program", "initials_key", initials_field()),
        migrations.AddField("reviewmeeting", "initials_key", initials_field()),
        migrations.AddField("task", "initials_key", initials_field()),
        rebuild_search_keys("programs", "Program", ("identifier", "title"), ("title",)),
        rebuild_search_keys(
            "programs", "ReviewMeeting", ("title", "place", "conclusions"), ("title", "place")
        ),
        rebuild_search_keys("programs", "Task", ("title", "description"), ("title",)),
        trigram_indexes(
            ("programs_program", "initials_key"),
            ("programs_task", "search_key"),
            ("programs_task", "initials_key"),
            ("programs_reviewmeeting", "search_key"),
            ("programs_reviewmeeting", "initials_key"),
        ),
    ]
