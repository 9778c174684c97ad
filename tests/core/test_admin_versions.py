"""The version is the model's job: an edit in Django admin bumps it, and a form opened before
(in the app or in the admin) is refused with the "changed meanwhile" notice, input kept.

The admin forms are submitted as the page renders them (:func:`tests.formpage.form_data`).
"""

import pytest
from django.urls import reverse

from core.concurrency import VERSION_CONFLICT
from core.roles import ADMIN, STAFF
from directives.models import Directive
from programs.models import Program, Task
from tests.directives.factories import DirectiveFactory
from tests.formpage import form_data
from tests.programs.factories import ProgramFactory, SignatoryFactory, TaskFactory
from tests.programs.helpers import program_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    program = ProgramFactory(title="Chương trình phối hợp ban đầu", summary="")
    SignatoryFactory(program=program)
    SignatoryFactory(program=program)
    TaskFactory(program=program, title="Nhiệm vụ một")
    return program


def admin_url(program):
    return reverse("admin:programs_program_change", args=[program.pk])


def open_admin_form(client, program) -> dict:
    return form_data(client.get(admin_url(program)), "program_form")


def test_an_admin_edit_bumps_the_version(client_for, users, program):
    admin = client_for(ADMIN)
    data = open_admin_form(admin, program)
    assert data["opened_version"] == "1"

    response = admin.post(admin_url(program), dict(data, title="Tiêu đề do quản trị sửa"))

    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.title, program.version) == ("Tiêu đề do quản trị sửa", 2)
    assert program.history.first().history_user == users[ADMIN]


def test_a_stale_app_form_after_an_admin_edit_is_refused(client_for, users, program):
    """The measured lost update: an admin edit, then a staff form opened before it."""
    stale = program_data(program, summary="Ghi chú của cán bộ")  # staff opened at version 1
    admin = client_for(ADMIN)
    edited = dict(open_admin_form(admin, program), title="Tiêu đề do quản trị sửa")
    assert admin.post(admin_url(program), edited).status_code == 302

    response = client_for(STAFF).post(reverse("programs:program_update", args=[program.pk]), stale)

    assert response.status_code == 200
    assert str(VERSION_CONFLICT) in response.content.decode()
    changes = response.context["form"].conflict.changes
    assert [(c.field, c.value, c.user) for c in changes] == [
        ("title", "Tiêu đề do quản trị sửa", users[ADMIN])
    ]
    program.refresh_from_db()
    assert (program.title, program.summary, program.version) == (
        "Tiêu đề do quản trị sửa",
        "",
        2,
    )


def test_a_second_admin_edit_from_the_same_version_gets_the_notice(client_for, users, program):
    admin = client_for(ADMIN)
    opened = open_admin_form(admin, program)
    first = dict(opened, title="Tiêu đề của lần sửa thứ nhất")
    second = dict(opened, summary="Tóm tắt của lần sửa thứ hai")
    assert admin.post(admin_url(program), first).status_code == 302

    response = admin.post(admin_url(program), second)

    assert response.status_code == 200
    content = response.content.decode()
    assert str(VERSION_CONFLICT) in content
    assert 'data-testid="conflict"' in content
    assert "Tiêu đề của lần sửa thứ nhất" in content  # their value, in the list of changes
    [conflict] = response.context["conflicts"]
    assert (conflict.expected, conflict.current) == (1, 2)
    assert [(c.field, c.user) for c in conflict.changes] == [("title", users[ADMIN])]
    # The input is kept, and the form now carries the current version...
    shown = form_data(response, "program_form")
    assert shown["summary"] == "Tóm tắt của lần sửa thứ hai"
    assert shown["title"] == "Chương trình phối hợp ban đầu"
    assert shown["opened_version"] == "2"
    program.refresh_from_db()
    assert (program.title, program.summary, program.version) == (
        "Tiêu đề của lần sửa thứ nhất",
        "",
        2,
    )
    # ...so saving the kept input again, on purpose, goes through.
    assert admin.post(admin_url(program), shown).status_code == 302
    program.refresh_from_db()
    assert (program.summary, program.version) == ("Tóm tắt của lần sửa thứ hai", 3)


def test_a_stale_task_row_in_the_program_admin_is_refused(client_for, program):
    admin = client_for(ADMIN)
    task = program.tasks.get()
    opened = open_admin_form(admin, program)
    task_url = reverse("admin:programs_task_change", args=[task.pk])
    task_form = form_data(admin.get(task_url), "task_form")
    assert (
        admin.post(
            task_url, dict(task_form, title="Nhiệm vụ một (sửa ở trang nhiệm vụ)")
        ).status_code
        == 302
    )

    assert opened["tasks-0-id"] == str(task.pk)
    response = admin.post(
        admin_url(program), dict(opened, **{"tasks-0-title": "Nhiệm vụ một (sửa cũ)"})
    )

    assert response.status_code == 200
    [conflict] = response.context["conflicts"]
    assert [c.value for c in conflict.changes] == ["Nhiệm vụ một (sửa ở trang nhiệm vụ)"]
    task.refresh_from_db()
    assert (task.title, task.version) == ("Nhiệm vụ một (sửa ở trang nhiệm vụ)", 2)
    assert Program.objects.get(pk=program.pk).version == 1  # nothing saved


def test_a_task_row_left_as_opened_is_refused_after_a_progress_update(client_for, program):
    """Django admin writes back every inline row whose values differ from the row's current
    ones, so a row left as it was opened would undo a progress update made meanwhile: the
    version refuses it."""
    from programs.services import task_record_progress

    admin = client_for(ADMIN)
    opened = open_admin_form(admin, program)
    task = program.tasks.get()
    task_record_progress(task=task, reported_on=program.signed_on, progress=40)

    response = admin.post(admin_url(program), dict(opened, title="Tiêu đề mới"))

    assert response.status_code == 200
    assert response.context["conflicts"][0].changes[0].field == "progress"
    task.refresh_from_db()
    assert (task.progress, task.version) == (40, 2)
    assert Program.objects.get(pk=program.pk).version == 1


def test_task_rows_nobody_changed_do_not_block_the_program_admin(client_for, program):
    admin = client_for(ADMIN)
    response = admin.post(admin_url(program), dict(open_admin_form(admin, program), title="Mới"))
    assert response.status_code == 302
    assert Task.objects.get().version == 1  # not saved: unchanged
    assert Program.objects.get(pk=program.pk).version == 2


def test_a_stale_directive_admin_form_is_refused(client_for):
    directive = DirectiveFactory(title="Kết luận ban đầu")
    admin = client_for(ADMIN)
    url = reverse("admin:directives_directive_change", args=[directive.pk])
    opened = form_data(admin.get(url), "directive_form")
    assert admin.post(url, dict(opened, title="Kết luận, lần một")).status_code == 302

    response = admin.post(url, dict(opened, title="Kết luận, lần hai"))

    assert response.status_code == 200
    assert response.context["conflicts"][0].changes[0].value == "Kết luận, lần một"
    directive.refresh_from_db()
    assert (directive.title, directive.version) == ("Kết luận, lần một", 2)


def test_a_history_revert_in_the_admin_bumps_the_version(client_for, program):
    admin = client_for(ADMIN)
    original = program.history.earliest("history_date")
    assert (
        admin.post(
            admin_url(program), dict(open_admin_form(admin, program), title="Sửa")
        ).status_code
        == 302
    )
    url = reverse("admin:programs_program_simple_history", args=[program.pk, original.pk])

    response = admin.post(url, form_data(admin.get(url), "historicalprogram_form"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    program.refresh_from_db()
    assert (program.title, program.version) == ("Chương trình phối hợp ban đầu", 3)
    assert Task.objects.get().version == 1
    assert Directive.objects.count() == 0
