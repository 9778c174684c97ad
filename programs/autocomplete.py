"""The programs forms and filters pick on demand (:mod:`core.autocomplete`), matched as the
program list's search matches them."""

from core import autocomplete
from core.search import search_queryset

from .models import Program


@autocomplete.register("program", permission="programs.view_program")
def programs(request, term):
    return search_queryset(Program.objects.live().order_by("-signed_on", "pk"), term)
