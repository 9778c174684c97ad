"""The form pages draw every field their forms have, and the tests post what the pages draw."""

from django import forms
from django.urls import reverse

from programs.forms import (
    ProgramForm,
    ReviewMeetingForm,
    TaskForm,
    TaskFormSet,
    TaskUpdateForm,
)
from tests.formpage import FormPage, reader_client
from tests.programs.helpers import program_data


def row_fields(form_class, prefix: str, index: int) -> set[str]:
    return {f"{prefix}-{index}-{name}" for name in form_class.base_fields}


def test_program_page_draws_every_field_of_the_form_and_its_rows(program):
    page = FormPage.open(reader_client(), reverse("programs:program_update", args=[program.pk]))
    assert set(ProgramForm.base_fields) <= page.controls
    assert row_fields(TaskForm, "tasks", 0) | {"tasks-0-id", "tasks-0-DELETE"} <= page.controls
    assert {"signatories-0-agency", "signatories-1-title", "signatories-1-id"} <= page.controls


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
    """The lost-field case of issue 9: a field added to TaskForm (and not to any template) is
    drawn, sent back with its value and saved with the rest."""
    added = forms.CharField(required=False, initial="giữ nguyên")
    row_form = TaskFormSet.form  # the formset's subclass of TaskForm
    monkeypatch.setitem(row_form.base_fields, "liaison", added)
    data = program_data(program, title="Tên đã sửa")
    assert data.value("tasks-0-liaison") == "giữ nguyên"
    received = {}
    original_clean = row_form.clean

    def clean(self):
        cleaned = original_clean(self)
        received[self.prefix] = cleaned.get("liaison")
        return cleaned

    monkeypatch.setattr(row_form, "clean", clean)
    response = staff_client.post(reverse("programs:program_update", args=[program.pk]), data)
    assert response.status_code == 302
    assert received["tasks-0"] == "giữ nguyên"
    program.refresh_from_db()
    assert program.title == "Tên đã sửa"
