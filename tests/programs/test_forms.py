"""The form pages draw every field their forms have, and the tests post what the pages draw."""

from django import forms
from django.urls import reverse

from programs.forms import (
    ProgramForm,
    ReviewMeetingForm,
    TaskEditForm,
    TaskForm,
    TaskUpdateForm,
)
from tests.formpage import FormPage, reader_client


def row_fields(form_class, prefix: str, index: int) -> set[str]:
    return {f"{prefix}-{index}-{name}" for name in form_class.base_fields}


def test_program_page_draws_every_field_of_the_form_and_its_rows(program):
    page = FormPage.open(reader_client(), reverse("programs:program_update", args=[program.pk]))
    assert set(ProgramForm.base_fields) <= page.controls
    assert {"signatories-0-agency", "signatories-1-title", "signatories-1-id"} <= page.controls
    # A program's tasks are edited one at a time, each on its page; new programs take rows.
    task = program.tasks.get()
    page = FormPage.open(reader_client(), reverse("programs:task_update", args=[task.pk]))
    assert set(TaskEditForm.base_fields) <= page.controls
    page = FormPage.open(reader_client(), reverse("programs:program_create"))
    row = page.templates["tasks"]
    assert all(f'name="{name}"' in row for name in row_fields(TaskForm, "tasks", "__prefix__"))


def test_meeting_and_progress_pages_draw_every_field(meeting, program):
    page = FormPage.open(
        reader_client(), reverse("programs:reviewmeeting_update", args=[meeting.pk])
    )
    assert set(ReviewMeetingForm.base_fields) <= page.controls
    task = program.tasks.get()
    page = FormPage.open(reader_client(), reverse("programs:taskupdate_create", args=[task.pk]))
    assert set(TaskUpdateForm.base_fields) <= page.controls


def test_a_field_added_to_a_form_reaches_the_page_and_the_post_without_a_template_change(
    staff_client, program, monkeypatch
):
    """The lost-field case of issue 9: a field added to the task form (and not to any
    template) is drawn, sent back with its value and saved with the rest."""
    added = forms.CharField(required=False, initial="giữ nguyên")
    monkeypatch.setitem(TaskEditForm.base_fields, "liaison", added)
    task = program.tasks.get()
    url = reverse("programs:task_update", args=[task.pk])
    page = FormPage.open(reader_client(), url)
    assert page.value("liaison") == "giữ nguyên"
    received = {}
    original_clean = TaskEditForm.clean

    def clean(self):
        cleaned = original_clean(self)
        received["liaison"] = cleaned.get("liaison")
        return cleaned

    monkeypatch.setattr(TaskEditForm, "clean", clean)
    page.set("title", "Tên đã sửa")
    response = staff_client.post(url, page)
    assert response.status_code == 302
    assert received["liaison"] == "giữ nguyên"
    task.refresh_from_db()
    assert task.title == "Tên đã sửa"
