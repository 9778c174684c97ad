"""Agency and official pages (read only: agencies, officials and positions are edited by
administrators in Django admin)."""

import datetime

from django.db.models import F, Prefetch
from django.utils.translation import ngettext
from django.views.generic import DetailView

from core.pagecache import CachedPageMixin
from core.panels import CappedPrefetch, capped_rows, related_lists, related_prefetches
from core.views import FilteredListView, HistoryMixin, PermissionMixin

from .filters import AgencyFilterSet, OfficialFilterSet
from .models import Agency, Official, Position
from .selectors import (
    KindGroup,
    agency_ancestors,
    agency_chains,
    group_roots_by_kind,
    is_in_force,
    unit_counts,
)


class AgencyListView(FilteredListView):
    """The hierarchy browser, one level at a time so that it costs the same with 200 agencies
    or 20,000: at the top the top-level agencies by kind, with the number of units of each;
    ``?parent=<pk>`` an agency's units, under the breadcrumb of its parents; with filters a
    flat list of the matches (within ``parent`` when given), each with its chain of parents.
    Every mode is paginated; a page costs a bounded number of queries (the count, the page, the
    unit counts of its rows, their chains of parents, the totals by kind at the top, and the
    successors of dissolved agencies when the page shows some)."""

    export_url_name = "agencies:agency_export"
    permission_required = "agencies.view_agency"
    # The successor (shown for a dissolved agency) read apart, for the page's rows that have
    # one: joined, PostgreSQL would hash every agency before sorting and cutting the page.
    queryset = Agency.objects.only(
        "name", "short_name", "kind", "parent_id", "valid_from", "valid_to", "successor_id"
    ).prefetch_related(Prefetch("successor", queryset=Agency.objects.only("name")))
    filterset_class = AgencyFilterSet
    template_name = "agencies/agency_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        parent = filterset.within_agency
        context = super().get_context_data(
            **kwargs,
            filtering=filterset.is_active,
            parent=parent,
            today=datetime.date.today(),
        )
        rows = list(context["object_list"])
        counts = unit_counts(row.pk for row in rows)
        for row in rows:
            row.unit_count = count = counts.get(row.pk, 0)
            # The badge's words here, not in a {% blocktranslate %} per row (a fifth of a row).
            row.units_label = ngettext("%(counter)s unit ›", "%(counter)s units ›", count) % {
                "counter": count
            }
        # One read for the breadcrumb of the browser's agency and the context of the matches.
        chains = agency_chains(
            ([parent.pk] if parent else [])
            + ([row.pk for row in rows if row.parent_id] if filterset.is_active else [])
        )
        context["parent_chain"] = chains[parent.pk] if parent else []
        if filterset.is_active:
            for row in rows:
                # Above the browser's agency the chain is in the breadcrumb already.
                chain = chains.get(row.pk, [])
                if parent is not None:
                    cut = next((i for i, a in enumerate(chain) if a.pk == parent.pk), None)
                    chain = chain[cut + 1 :] if cut is not None else chain
                row.chain = chain
        # At the top the agencies by kind; a level below, and the matches, in one group.
        context["groups"] = (
            group_roots_by_kind(rows)
            if parent is None and not filterset.is_active
            else [KindGroup(kind="", label="", total=len(rows), agencies=rows)]
        )
        context["object_list"] = rows
        return context

    def paginate_queryset(self, queryset, page_size):
        filterset = self.filterset
        if not filterset.is_active:
            # Browsing: one level of the hierarchy, not the whole subtree the filter gives.
            # (The base queryset: the filter's "anywhere under" is not needed for that.)
            parent = filterset.within_agency
            queryset = self.get_queryset()
            if parent is None:
                queryset = queryset.roots().by_kind()
            else:
                queryset = queryset.filter(parent=parent).ordered()
        return super().paginate_queryset(queryset, page_size)


class AgencyDetailView(CachedPageMixin, HistoryMixin, PermissionMixin, DetailView):
    """An agency: its parents, units, positions and officials with dates, programs it signed,
    tasks it leads, directives it issued, former names, successor and predecessors."""

    permission_required = "agencies.view_agency"
    template_name = "agencies/agency_detail.html"
    history_url_name = "agencies:agency_history"
    queryset = Agency.objects.select_related("parent", "successor").prefetch_related(
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
            .prefetch_related(self.units(), self.issued_directives(), *related_prefetches(Agency))
        )

    @staticmethod
    def units() -> CappedPrefetch:
        # Capped too: a ministry may have hundreds of units; "see all" opens them in the
        # hierarchy browser (?parent=), paginated.
        return CappedPrefetch("children", Agency.objects.ordered())

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
            units=capped_rows(agency, self.units()),
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
    history_url_name = "agencies:official_history"
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
