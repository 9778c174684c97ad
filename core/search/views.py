"""``/search/``: the global search page."""

from django.views.generic import TemplateView

from ..pagecache import CachedPageMixin
from ..views import PermissionMixin
from .query import interpret
from .registry import global_search, sources


class SearchView(CachedPageMixin, PermissionMixin, TemplateView):
    """``/search/?q=``: grouped results across every registered kind of record.

    Open to every role that may view at least one kind; each group shows only when the user
    may view that kind.
    """

    template_name = "core/search.html"

    def get_permission_required(self) -> tuple[str, ...]:
        return tuple(source.permission for source in sources() if source.in_global_search)

    def has_permission(self) -> bool:
        return any(self.request.user.has_perm(perm) for perm in self.get_permission_required())

    def get_context_data(self, **kwargs):
        query = interpret(self.request.GET.get("q", ""))
        groups = global_search(query, user=self.request.user)
        return super().get_context_data(
            **kwargs,
            query=query,
            q=query.raw,
            groups=groups,
            total=sum(len(group.results) for group in groups),
            too_short=bool(query.raw.strip()) and not query,
        )
