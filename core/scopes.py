"""Scoped permissions: the one rule for *which* rows an account may write.

A role (:mod:`core.roles`) says what kind of record an account may change; the scope says which
ones. An account belongs to an agency (``user.profile.agency``); its **scope** is that agency
and every unit under it (``agencies.selectors.agency_with_descendants``). A row of a scoped
model is *in scope* when one of the agencies the row's rule names is in the account's scope.

Core imports no app, so the pieces are registered at start-up by the apps that know them:

- ``agencies`` registers :func:`register_account_scope` (the ids of an account's agencies);
- each app registers one :class:`ScopeRule` per scoped model (``programs/scopes.py``,
  ``reports/scopes.py``): the agencies a row answers to (``agencies_of``), the same rule as a
  filter over a queryset (``in_scope``), and the permission that lifts the scope.

The rule is asked through Django's permission API: :class:`core.auth_backends.ScopedBackend`
answers ``user.has_perm("programs.change_program", program)``, and
:func:`core.access.may` asks it with the row, so pages, forms, Django admin, the API, imports,
exports and attachments give one answer. Only writes are scoped: ``view_*`` and
``export_report`` (a PDF is a read) stay model permissions. Superusers and holders of the
rule's ``unscoped_permission`` (``programs.edit_all_agencies``: the admin role, central
coordinators) are not scoped. A model without a rule (directives, agencies) is not scoped.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The actions scoped on a registered model ("change" in "programs.change_program").
SCOPED_ACTIONS = frozenset({"add", "change", "delete", "restore", "finalize"})

NO_AGENCY = _(
    "Your account belongs to no agency, so you may not change records of the agencies' "
    "programs. Ask an administrator to set your agency."
)
NEW_OUT_OF_SCOPE = _(
    "Your agency (%(agency)s) or one of its units must be among the agencies this record "
    "answers to (a signing party of the program or the lead of one of its tasks): you may not "
    "create records for other agencies only."
)
OUT_OF_SCOPE = _(
    "“%(record)s” belongs to other agencies: your agency (%(agency)s) and its units may read it "
    "but not change it. Ask a staff member of a signing party or of a lead agency, or an "
    "administrator."
)


@dataclass(frozen=True)
class ScopeRule:
    """How one model's rows are scoped.

    ``agencies_of(row)`` gives the ids of the agencies whose accounts may write the row (an
    unsaved row with its parents set works: a task update of a task, a task of a program);
    ``None`` means "not scoped" (every account with the role may write it). ``in_scope(qs,
    ids)`` filters a queryset to the rows in the scope ``ids`` (form choice lists, bulk
    actions). ``unscoped_permission`` lifts the rule.
    """

    agencies_of: Callable[[models.Model], Iterable[int] | None]
    in_scope: Callable[[models.QuerySet, frozenset[int]], models.QuerySet]
    unscoped_permission: str


_RULES: dict[type[models.Model], ScopeRule] = {}
_account_scope: list[Callable] = []
_CACHE_ATTR = "_phoihop_scope"
_AGENCIES_ATTR = "_phoihop_scope_agencies"
_PROPOSED_ATTR = "_phoihop_scope_proposed"


def register(model: type[models.Model], rule: ScopeRule) -> None:
    """Scope ``model`` by ``rule`` (called from an app's ``ready``)."""
    _RULES[model] = rule


def register_account_scope(function: Callable) -> None:
    """Set how an account's scope is read: ``function(user) -> (agency or None, set of ids)``
    (the agencies app)."""
    _account_scope[:] = [function]


def rule_for(model: type[models.Model] | models.Model) -> ScopeRule | None:
    if isinstance(model, models.Model):
        model = type(model)
    model = getattr(model._meta, "concrete_model", model)
    return _RULES.get(model)


def account_scope(user) -> tuple[object | None, frozenset[int]]:
    """(the account's agency, the ids of it and its units), read once per user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        if not _account_scope or not getattr(user, "is_authenticated", False):
            cached = (None, frozenset())
        else:
            agency, ids = _account_scope[0](user)
            cached = (agency, frozenset(ids))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the scope read for ``user`` (after their profile changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def forget_record(record: models.Model) -> None:
    """Drop the agencies read for ``record`` (after its parties or leads changed)."""
    record.__dict__.pop(_AGENCIES_ATTR, None)


def is_unscoped(user, rule: ScopeRule) -> bool:
    return bool(user.is_superuser or user.has_perm(rule.unscoped_permission))


def scoped_action(permission: str, model: type[models.Model]) -> str | None:
    """ "change" for ("programs.change_program", Program); None when the permission is not a
    scoped action on that model (a view, an export, another model's permission)."""
    app_label, _dot, codename = permission.partition(".")
    action, _sep, model_name = codename.partition("_")
    opts = model._meta
    if app_label != opts.app_label or model_name != opts.model_name:
        return None
    return action if action in SCOPED_ACTIONS else None


def refusal(user, obj: models.Model, permission: str | None = None) -> str | None:
    """Why ``user`` may not write ``obj`` for its scope (a sentence for the 403 page), or None
    when the scope allows it. Asks only the scope: the role is the model permission's job.
    ``permission`` None means "any write"."""
    rule = rule_for(obj)
    if rule is None:
        return None
    if permission is not None and scoped_action(permission, type(obj)) is None:
        return None
    if is_unscoped(user, rule):
        return None
    # Read once per row object: a page asks about the same row for several buttons.
    if _AGENCIES_ATTR in obj.__dict__:
        agencies = obj.__dict__[_AGENCIES_ATTR]
    else:
        agencies = rule.agencies_of(obj)
        if obj.pk is not None:
            obj.__dict__[_AGENCIES_ATTR] = agencies
    new = obj.pk is None
    if new and _PROPOSED_ATTR in obj.__dict__:
        agencies = set(agencies or ()) | obj.__dict__[_PROPOSED_ATTR]
    if agencies is None:
        return None
    agency, scope = account_scope(user)
    if agency is None:
        return str(NO_AGENCY)
    if scope.intersection(agencies):
        return None
    if new:
        return str(NEW_OUT_OF_SCOPE % {"agency": agency})
    return str(OUT_OF_SCOPE % {"record": obj, "agency": agency})


def propose(record: models.Model, agency_ids: Iterable[int]) -> models.Model:
    """Tell the rule which agencies a *new* ``record`` will answer to once saved (a new
    program's parties and task leads, a new meeting's programs' agencies), so that creating
    it is checked like changing it. Ignored for a saved row: adding one's agency as a party
    does not bring another body's program into one's scope."""
    record.__dict__[_PROPOSED_ATTR] = {pk for pk in agency_ids if pk is not None}
    return record


def writable(user, queryset: models.QuerySet) -> models.QuerySet:
    """The rows of ``queryset`` that ``user``'s scope lets them write (every row for an
    unscoped account or model; none for an account without agency)."""
    rule = rule_for(queryset.model)
    if rule is None or is_unscoped(user, rule):
        return queryset
    _agency, scope = account_scope(user)
    if not scope:
        return queryset.none()
    return rule.in_scope(queryset, scope)


def limit_choices(form, user, names: Iterable[str]) -> None:
    """Narrow the choice lists ``names`` of the model form ``form`` to the rows ``user`` may
    write, keeping the rows the record already has (so that editing does not drop them)."""
    for name in names:
        field = form.fields.get(name)
        if field is None or not hasattr(field, "queryset"):
            continue
        allowed = writable(user, field.queryset)
        if allowed is field.queryset:
            continue
        # Only a saved record keeps its rows (a new one's initial values come from the URL).
        current = (form.initial.get(name) or []) if form.instance.pk else []
        if not isinstance(current, list | tuple | set):
            current = [current]
        current_ids = [getattr(value, "pk", value) for value in current]
        field.queryset = field.queryset.filter(
            models.Q(pk__in=allowed.values("pk")) | models.Q(pk__in=current_ids)
        )
