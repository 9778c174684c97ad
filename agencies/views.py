"""Agency and official pages (read only: agencies, officials and positions are edited by
administrators in Django admin)."""

import datetime

from django.db.models import F, Prefetch
from django.views.generic import DetailView

from core.pagecache import CachedPageMixin
from core.panels import CappedPrefetch, capped_rows, related_lists, related_prefetches
from core.views import FilteredListView, HistoryMixin, PermissionMixin

from .filters import AgencyFilterSet, OfficialFilterSet
from .models import Agency, Official, Position
from .selectors import agency_ancestors, agency_tree, group_roots_by_kind, is_in_force


class AgencyListView(FilteredListView):
    """The hierarchy browser: every agency in a tree (roots, then their units), in Vietnamese
    order. With filters, the matches are shown with their parents for context. Two queries
    whatever the number of agencies: the matches' ids and the whole tree."""

    export_url_name = "agencies:agency_export"
    permission_required = "agencies.view_agency"
    queryset = Agency.objects.all()
    filterset_class = AgencyFilterSet
    template_name = "agencies/agency_list.html"
    paginate_by = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        if filterset.is_active:
            matches = list(filterset.qs.order_by().values_list("pk", flat=True))
            tree = agency_tree(matches)
            context["match_count"] = len(matches)
        else:
            tree = agency_tree()
        context.update(
            tree=tree,
            groups=group_roots_by_kind(tree),
            filtering=filterset.is_active,
            today=datetime.date.today(),
        )
        return context


class AgencyDetailView(CachedPageMixin, HistoryMixin, PermissionMixin, DetailView):
    """An agency: its parents, units, positions and officials with dates, programs it signed,
    tasks it leads, directives it issued, former names, successor and predecessors."""

    permission_required = "agencies.view_agency"
    template_name = "agencies/agency_detail.html"
    queryset = Agency.objects.select_related("parent", "successor").prefetch_related(
        Prefetch("children", queryset=Agency.objects.ordered()),
        Prefetch("predecessors", queryset=Agency.objects.ordered()),
        "former_names",
        Prefetch(
            "positions",
            queryset=Position.objects.select_related("official").order_by(
                F("end_date").desc(nulls_first=True), F("start_date").desc(nulls_last=True), "pk"
            ),
        ),
    )

    def get_queryset(self):
        # The programs it signed and the tasks it leads come from the programs app, which
        # registers them (programs/panels.py): agencies sit below programs and do not import it.
        # Capped lists load only the rows shown (core.panels.CappedPrefetch).
        return (
            super()
            .get_queryset()
            .prefetch_related(self.issued_directives(), *related_prefetches(Agency))
        )

    @staticmethod
    def issued_directives() -> CappedPrefetch:
        # The directives app sits above agencies: its model is reached through the relation.
        directive = Agency._meta.get_field("issued_directives").related_model
        return CappedPrefetch("issued_directives", directive._default_manager.all())

    def get_context_data(self, **kwargs):
        agency = self.object
        today = datetime.date.today()
        positions = list(agency.positions.all())
        return super().get_context_data(
            **kwargs,
            ancestors=agency_ancestors(agency),
            current_positions=[p for p in positions if p.is_held_on(today)],
            past_positions=[p for p in positions if not p.is_held_on(today)],
            in_force=is_in_force(agency, today),
            today=today,
            related=related_lists(agency),
            directives=capped_rows(agency, self.issued_directives()),
        )


class OfficialListView(FilteredListView):
    export_url_name = "agencies:official_export"
    permission_required = "agencies.view_official"
    queryset = Official.objects.prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.current().select_related("agency"),
            to_attr="current_positions",
        )
    )
    filterset_class = OfficialFilterSet
    template_name = "agencies/official_list.html"


class OfficialDetailView(CachedPageMixin, HistoryMixin, PermissionMixin, DetailView):
    """An official: positions held over time (current first), programs signed, meetings
    chaired, history."""

    permission_required = "agencies.view_official"
    template_name = "agencies/official_detail.html"
    queryset = Official.objects.prefetch_related(
        Prefetch(
            "positions",
            queryset=Position.objects.select_related("agency").order_by(
                F("end_date").desc(nulls_first=True), F("start_date").desc(nulls_last=True), "pk"
            ),
        ),
    )

    def get_queryset(self):
        # Programs signed and meetings chaired: registered by the programs app.
        return super().get_queryset().prefetch_related(*related_prefetches(Official))

    def get_context_data(self, **kwargs):
        today = datetime.date.today()
        positions = list(self.object.positions.all())
        return super().get_context_data(
            **kwargs,
            positions=positions,
            current_positions=[p for p in positions if p.is_held_on(today)],
            today=today,
            related=related_lists(self.object),
        )
