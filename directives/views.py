"""Directive pages: the filtered list, the detail with its links from both ends, and the
create/edit form with the outgoing links edited on the same page."""

from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView

from attachments.models import attachment_history
from core.collation import vietnamese
from core.editing import EditView
from core.pagecache import CachedPageMixin
from core.panels import related_lists, related_prefetches
from core.views import FilteredListView, HistoryMixin, PermissionMixin

from .filters import DirectiveFilterSet
from .forms import DirectiveForm, DirectiveLinkFormSet, IncomingLinkFormSet
from .models import LINK_INVERSE_LABELS, Directive, DirectiveLink, LinkKind
from .services import directive_save


class DirectiveListView(FilteredListView):
    export_url_name = "directives:directive_export"
    permission_required = "directives.view_directive"
    # Newest first on both databases (PostgreSQL would put undated rows first).
    queryset = Directive.objects.select_related("issuing_body").order_by(
        F("issued_on").desc(nulls_last=True), "identifier_key", "pk"
    )
    filterset_class = DirectiveFilterSet
    template_name = "directives/directive_list.html"
    sort_columns = {
        "identifier": ("type_code", "number", "identifier_key"),
        "title": (vietnamese("title"),),
        "issuing_body": (vietnamese("issuing_body__name"),),
        "issued": ("issued_on",),
        "status": ("status",),
    }


class DirectiveDetailView(CachedPageMixin, HistoryMixin, PermissionMixin, DetailView):
    """A directive with its links from both ends, the programs based on it, the documents that
    implement it, the meetings that reviewed it and its history."""

    permission_required = "directives.view_directive"
    template_name = "directives/directive_detail.html"
    history_url_name = "directives:directive_history"
    queryset = Directive.objects.select_related("issuing_body").prefetch_related(
        Prefetch(
            "outgoing_links",
            queryset=DirectiveLink.objects.select_related("target").order_by(
                "kind", "target__issued_on", "pk"
            ),
        ),
        Prefetch(
            "incoming_links",
            queryset=DirectiveLink.objects.select_related(
                "source", "source__issuing_body"
            ).order_by("kind", "source__issued_on", "pk"),
        ),
    )

    def get_queryset(self):
        # The programs based on it and the meetings that reviewed it come from the programs
        # app, which registers them (programs/panels.py): directives do not import programs.
        return super().get_queryset().prefetch_related(*related_prefetches(Directive))

    def get_context_data(self, **kwargs):
        directive = self.object
        outgoing = list(directive.outgoing_links.all())
        incoming = list(directive.incoming_links.all())
        relations = []
        for kind in LinkKind:
            forward = [link.target for link in outgoing if link.kind == kind]
            if forward:
                relations.append({"kind": kind, "label": kind.label, "directives": forward})
            backward = [link.source for link in incoming if link.kind == kind]
            if backward:
                relations.append(
                    {"kind": kind, "label": LINK_INVERSE_LABELS[kind], "directives": backward}
                )
        related = related_lists(directive)
        context = super().get_context_data(
            **kwargs,
            relations=relations,
            implementing_documents=[
                link.source for link in incoming if link.kind == LinkKind.IMPLEMENTS
            ],
            # Capped lists (core.panels.Capped): the rows shown and their total.
            programs=related.get("programs", []),
            meetings=related.get("review_meetings", []),
        )
        return context

    def get_history_related(self) -> list:
        """The links are edited on the directive's form: their changes belong on its tab."""
        return [
            DirectiveLink.history.filter(source_id=self.object.pk),
            attachment_history(self.object),
        ]


class DirectiveEditMixin(EditView):
    """The directive form with its links formset, saved through :func:`directive_save`."""

    model = Directive
    form_class = DirectiveForm
    template_name = "directives/directive_form.html"
    formset_classes = {"links": DirectiveLinkFormSet, "incoming": IncomingLinkFormSet}
    success_name = "directive"

    def get_formsets(self, instance):
        return super().get_formsets(instance if instance is not None else Directive())

    def save(self, form, links, incoming):
        changed_links = links.save(commit=False)  # writes nothing; fills deleted_objects
        changed_incoming = incoming.save(commit=False)
        return directive_save(
            directive=form.save(commit=False),
            links=changed_links,
            removed_links=links.deleted_objects,
            incoming=changed_incoming,
            removed_incoming=incoming.deleted_objects,
            **self.edit_details(form),
        )


class DirectiveCreateView(DirectiveEditMixin, CreateView):
    permission_required = "directives.add_directive"
    success_message = _("Directive %(directive)s saved.")


class DirectiveUpdateView(DirectiveEditMixin, UpdateView):
    permission_required = "directives.change_directive"
    success_message = _("Directive %(directive)s updated.")
