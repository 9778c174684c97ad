"""``manage.py generate_data``: the same seed gives the same data, and the rows keep every
rule the models hold (at a tiny scale, on SQLite and on PostgreSQL alike)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from agencies.models import Agency, Official, Position
from core.identifiers import parse_identifier
from directives.models import Directive
from programs.generate import CHANGE_REASON, bulk_load, fingerprint, generate
from programs.models import Program, ReviewMeeting, Signatory, Task, TaskStatus, TaskUpdate

pytestmark = pytest.mark.django_db
SCALE = 0.005


def _snapshot(seed: int) -> dict:
    """What ``generate`` wrote with ``seed``, rolled back afterwards."""
    with transaction.atomic():
        generate(scale=SCALE, seed=seed)
        snapshot = {
            "programs": list(
                Program.objects.order_by("pk").values_list("identifier", "signed_on", "title")
            ),
            "directives": list(Directive.objects.order_by("pk").values_list("identifier")),
            "agencies": list(Agency.objects.order_by("pk").values_list("name", "parent__name")),
            "officials": list(Official.objects.order_by("pk").values_list("full_name")),
            "tasks": list(Task.objects.order_by("pk").values_list("title", "due_on", "progress")),
        }
        transaction.set_rollback(True)
    return snapshot


def test_the_same_seed_gives_the_same_identifiers_and_another_seed_others():
    first, again, other = _snapshot(1), _snapshot(1), _snapshot(2)
    assert first == again
    assert first["programs"] != other["programs"]
    assert len(first["programs"]) == 50
    assert ("25-NQ/TW",) in first["directives"]


def _fingerprint(scale: float, seed: int) -> dict:
    """The fingerprint of what ``generate`` wrote, rolled back afterwards."""
    with transaction.atomic():
        generate(scale=scale, seed=seed)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


def test_the_same_seed_gives_the_same_fingerprint_in_every_table():
    """Every table the generator fills, history and links included, row for row (on
    PostgreSQL through COPY, on SQLite through ``bulk_create``)."""
    first, again, other = _fingerprint(0.002, 1), _fingerprint(0.002, 1), _fingerprint(0.002, 2)
    assert first == again
    assert first["programs.Program"][0] == 20
    assert first["programs.HistoricalTask"][0] == first["programs.Task"][0] > 0
    assert first["programs.Task"] != other["programs.Task"]


def _index_definitions() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "ORDER BY indexname"
        )
        return cursor.fetchall()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes dropped on PostgreSQL")
def test_the_load_drops_the_secondary_indexes_and_builds_them_again_even_on_error():
    before = _index_definitions()
    with pytest.raises(RuntimeError), bulk_load():
        during = dict(_index_definitions())
        raise RuntimeError("the load failed")
    assert _index_definitions() == before
    dropped = set(dict(before)) - set(during)
    assert {"programs_task_search_key_trgm", "task_list_order", "meeting_held_on"} <= dropped
    # Unique and partial indexes stay: the rules hold while the rows go in.
    assert {"programs_taskupdate_not_repeated", "programs_task_pkey", "task_open_due"} <= set(
        during
    )


def test_generated_rows_keep_the_models_rules():
    counts = generate(scale=SCALE, seed=3)
    assert counts["programs.Program"] == Program.objects.count() == 50
    assert Task.objects.count() == counts["programs.Task"] > 100
    # Identifiers are canonical and unique on (key, date), as the forms would store them.
    for model in (Program, Directive):
        for row in model.objects.all():
            assert parse_identifier(row.identifier).canonical == row.identifier
            assert row.identifier_key and row.search_key
            row.validate_constraints()
    for row in [*Agency.objects.all(), *Task.objects.all()[:200], *Signatory.objects.all()]:
        row.validate_constraints()
    assert not Task.objects.filter(status=TaskStatus.DONE).exclude(progress=100).exists()
    assert all(program.signatories.count() >= 2 for program in Program.objects.all())
    for update in TaskUpdate.objects.select_related("task__program")[:300]:
        assert update.progress <= update.task.progress
        assert update.reported_on >= update.task.program.starts_on
    assert Position.objects.count() == Official.objects.count()
    assert ReviewMeeting.objects.filter(programs__isnull=False).distinct().count() == 25
    # Each row has its "created" history record, as a save through the app writes.
    for model in (Agency, Directive, Program, Signatory, Task, TaskUpdate, ReviewMeeting):
        history = model.history.filter(history_type="+", history_change_reason=CHANGE_REASON)
        assert history.count() == model.objects.count()
    every = (Agency, Official, Position, Directive, Program, Signatory, Task, TaskUpdate)
    assert counts["history"] == sum(model.history.count() for model in (*every, ReviewMeeting))


def test_the_command_refuses_a_database_that_has_programs():
    generate(scale=SCALE, seed=1)
    with pytest.raises(CommandError, match="already has data"):
        call_command("generate_data", "--scale", str(SCALE))


def test_the_command_refuses_a_database_that_has_only_agencies():
    Agency.objects.create(name="Ban Dân vận Tỉnh ủy Bắc Ninh", short_name="BDVTU")
    with pytest.raises(CommandError, match="already has data"):
        call_command("generate_data", "--scale", str(SCALE))
    assert not Program.objects.exists()


def test_the_command_reports_each_step_and_its_time(capsys):
    call_command("generate_data", "--scale", "0.002", "--seed", "4")
    out = capsys.readouterr().out
    assert "programs: 20, tasks:" in out
    assert "meetings: 10 (" in out
    assert "programs.Program: 20" in out
    assert "done in" in out
