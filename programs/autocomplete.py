"""The programs forms and filters pick on demand (:mod:`core.autocomplete`), matched as the
program list's search matches them."""

from core import autocomplete, scopes
from core.search import search_queryset

from .models import Program


@autocomplete.register("program", permission="programs.view_program")
def programs(request, term):
    return search_queryset(Program.objects.live().order_by("-signed_on", "pk"), term)


@autocomplete.register("program_writable", permission="programs.view_program")
def writable_programs(request, term):
    """The programs the account may write (its agency's scope, :mod:`core.scopes`): what a
    meeting's programs offer, as the form's own choice list is narrowed
    (:func:`core.scopes.limit_choices`)."""
    programs = scopes.writable(request.user, Program.objects.live().order_by("-signed_on", "pk"))
    return search_queryset(programs, term)
