import pytest
from django.contrib.auth.models import Group

from core.roles import ADMIN, MANAGER, STAFF, VIEWER, role_permissions, sync_role_groups

pytestmark = pytest.mark.django_db


def test_groups_exist_after_migrate_with_their_permissions():
    for role, wanted in role_permissions().items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        existing_wanted = {label for label in wanted if not label.startswith("reports.")}
        assert existing_wanted <= held


def test_viewer_reads_only_and_staff_edits_programs(users):
    assert users[VIEWER].has_perm("programs.view_program")
    assert not users[VIEWER].has_perm("programs.change_program")
    assert users[STAFF].has_perm("programs.change_program")
    assert users[STAFF].has_perm("directives.add_directive")
    assert not users[STAFF].has_perm("agencies.change_agency")
    assert users[MANAGER].has_perm("programs.change_program")
    assert users[ADMIN].has_perm("agencies.change_agency")
    assert not users["nobody"].has_perm("programs.view_program")


def test_sync_is_idempotent():
    before = {g.name: g.permissions.count() for g in Group.objects.all()}
    sync_role_groups()
    after = {g.name: g.permissions.count() for g in Group.objects.all()}
    assert before == after
