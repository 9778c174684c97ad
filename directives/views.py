"""Directive pages: the filtered list, the detail with its links from both ends, and the
create/edit form with the outgoing links edited on the same page."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import F, Prefetch
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView

from attachments.models import attachment_history
from core.concurrency import EditConflict
from core.views import FilteredListView, HistoryMixin, PermissionMixin
from programs.models import ReviewMeeting

from .filters import DirectiveFilterSet
from .forms import DirectiveForm, DirectiveLinkFormSet
from .models import LINK_INVERSE_LABELS, Directive, DirectiveLink, LinkKind
from .services import directive_save


class DirectiveListView(FilteredListView):
    permission_required = "directives.view_directive"
    # Newest first on both databases (PostgreSQL would put undated rows first).
    queryset = Directive.objects.select_related("issuing_body").order_by(
        F("issued_on").desc(nulls_last=True), "identifier_key", "pk"
    )
    filterset_class = DirectiveFilterSet
    template_name = "directives/directive_list.html"


class DirectiveDetailView(HistoryMixin, PermissionMixin, DetailView):
    """A directive with its links from both ends, the programs based on it, the documents that
    implement it, the meetings that reviewed it and its history."""

    permission_required = "directives.view_directive"
    template_name = "directives/directive_detail.html"
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
        "programs",
        Prefetch(
            "review_meetings",
            queryset=ReviewMeeting.objects.order_by("held_on", "pk"),
        ),
    )

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
        context = super().get_context_data(
            **kwargs,
            relations=relations,
            implementing_documents=[
                link.source for link in incoming if link.kind == LinkKind.IMPLEMENTS
            ],
            programs=list(directive.programs.all()),
            meetings=list(directive.review_meetings.all()),
        )
        return context

    def get_history_related(self) -> list:
        """The links are edited on the directive's form: their changes belong on its tab."""
        return [
            DirectiveLink.history.filter(source_id=self.object.pk),
            attachment_history(self.object),
        ]


class DirectiveFormMixin:
    """The directive form with its links formset, saved through :func:`directive_save`."""

    model = Directive
    form_class = DirectiveForm
    template_name = "directives/directive_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("links", self.get_links_formset())
        context = super().get_context_data(**kwargs)
        context["conflict"] = getattr(context["form"], "conflict", None)
        return context

    def get_links_formset(self):
        instance = self.object if self.object is not None else Directive()
        if self.request.method == "POST":
            return DirectiveLinkFormSet(self.request.POST, instance=instance, prefix="links")
        return DirectiveLinkFormSet(instance=instance, prefix="links")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.kwargs.get("pk") else None
        form = self.get_form()
        links = self.get_links_formset()
        if not (form.is_valid() and links.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, links=links))
        directive = form.save(commit=False)
        changed_links = links.save(commit=False)
        try:
            directive_save(
                directive=directive,
                links=changed_links,
                removed_links=links.deleted_objects,
                user=request.user,
                reason=form.cleaned_data.get("change_reason", ""),
                expected_version=form.cleaned_data.get("version"),
            )
        except EditConflict as conflict:
            form.add_conflict(conflict)
            return self.render_to_response(self.get_context_data(form=form, links=links))
        except ValidationError as error:
            for field, errors in error.update_error_dict({}).items():
                target = field if field in form.fields and field != NON_FIELD_ERRORS else None
                form.add_error(target, errors)
            if self.object is None:
                directive.pk = None
            return self.render_to_response(self.get_context_data(form=form, links=links))
        messages.success(request, self.success_message % {"directive": directive})
        return HttpResponseRedirect(directive.get_absolute_url())


class DirectiveCreateView(PermissionMixin, DirectiveFormMixin, CreateView):
    permission_required = "directives.add_directive"
    success_message = _("Directive %(directive)s saved.")


class DirectiveUpdateView(PermissionMixin, DirectiveFormMixin, UpdateView):
    permission_required = "directives.change_directive"
    success_message = _("Directive %(directive)s updated.")
