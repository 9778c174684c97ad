"""The four roles, as groups with model permissions.

- *viewer* reads everything;
- *staff* reads, and adds and changes programs, tasks, progress updates, meetings, directives
  and draft review reports;
- *manager* is staff who may also export review reports, mark them final and restore archived
  records;
- *admin* maintains agencies, officials, positions and accounts in Django admin, and lifts
  sign-in lockouts.

Staff and managers write only the records of their agency and its units (:mod:`core.scopes`);
admins hold ``programs.edit_all_agencies`` and are not scoped.

:func:`sync_role_groups` runs after every ``migrate`` so that the groups always hold exactly these
permissions; views check permissions, never group names.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

VIEWER, STAFF, MANAGER, ADMIN = "viewer", "staff", "manager", "admin"
ROLE_NAMES = (VIEWER, STAFF, MANAGER, ADMIN)

_READ_MODELS = [
    "agencies.agency",
    "agencies.agencyname",
    "agencies.official",
    "agencies.position",
    "directives.directive",
    "directives.directivelink",
    "programs.program",
    "programs.signatory",
    "programs.task",
    "programs.taskupdate",
    "programs.reviewmeeting",
    "reports.reviewreport",
    "reports.reviewreportissuer",
    "reports.reviewreportpart",
]
_STAFF_EDITS = [
    "directives.directive",
    "directives.directivelink",
    "programs.program",
    "programs.signatory",
    "programs.task",
    "programs.taskupdate",
    "programs.reviewmeeting",
    "reports.reviewreport",
    "reports.reviewreportissuer",
    "reports.reviewreportpart",
]
_ADMIN_EDITS = [
    "agencies.agency",
    "agencies.agencyname",
    "agencies.official",
    "agencies.position",
    "agencies.userprofile",
    "auth.user",
    "auth.group",
]

#: Administrators see sign-in attempts and lift a lockout (django-axes: delete the attempt).
_SIGN_IN_LOCKS = {
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
    "axes.view_accessfailurelog",
}


def _perms(models: list[str], actions: tuple[str, ...]) -> set[str]:
    result = set()
    for label in models:
        app_label, model = label.split(".")
        result.update(f"{app_label}.{action}_{model}" for action in actions)
    return result


def role_permissions() -> dict[str, set[str]]:
    """The permission codenames ("app_label.codename") each role holds."""
    viewer = _perms(_READ_MODELS, ("view",))
    staff = viewer | _perms(_STAFF_EDITS, ("add", "change", "delete"))
    # Anyone who may change a record may archive it; bringing it back is a manager's call.
    restore = {
        "programs.restore_program",
        "programs.restore_task",
        "programs.restore_reviewmeeting",
        "directives.restore_directive",
    }
    manager = (
        staff
        | restore
        | {"reports.export_report", "reports.view_reportjob", "reports.finalize_reviewreport"}
    )
    # Administrators are not scoped to their agency (core/scopes.py); a central coordinator's
    # account may be given this one permission too.
    admin = (
        manager
        | _perms(_ADMIN_EDITS, ("view", "add", "change", "delete"))
        | _SIGN_IN_LOCKS
        | {"programs.edit_all_agencies"}
    )
    return {VIEWER: viewer, STAFF: staff, MANAGER: manager, ADMIN: admin}


def sync_role_groups(sender=None, using="default", **kwargs) -> None:
    """Create the role groups and set their permissions (idempotent; a post_migrate handler).

    Works on the final models, not a migration's historical ones: it runs after all migrations.
    """
    Group = global_apps.get_model("auth", "Group")
    Permission = global_apps.get_model("auth", "Permission")
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role, wanted in role_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        perms = []
        for label in sorted(wanted):
            app_label, codename = label.split(".")
            perm = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)
