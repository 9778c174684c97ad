"""Choices loaded on demand: one JSON endpoint (URL name ``autocomplete``) and the select widgets
that use it, so a form or a filter offering 2,000 agencies or 3,600 directives draws only the
options already chosen instead of every row.

Each app registers its sources in its own ``autocomplete`` module (found by
``autodiscover_modules`` in ``CoreConfig.ready``; core never imports an app)::

    @autocomplete.register("agency", permission="agencies.view_agency")
    def agencies(request, term):
        return search_queryset(Agency.objects.ordered(), term)

A source is a function ``(request, term) -> QuerySet``: the rows the user may pick that match
``term``, best first. It gets the request, so a source narrowed by the user's scope (or by
other values of the form, read from ``request.GET``) is a change inside the function. The
endpoint answers ``{"results": [{"id": …, "text": …}], "more": bool}``, :data:`PAGE_SIZE` rows
a page (``?q=…&page=2``), to signed-in users holding the source's view permission.

:class:`AutocompleteSelect` and :class:`AutocompleteSelectMultiple` are the widgets: the field
keeps its queryset (which validates what is posted) and the widget draws only the selected
options, with ``data-autocomplete`` pointing at the source; ``static/js/autocomplete.js``
turns it into a search box (Tom Select, vendored in ``static/vendor/tom-select``). Without
JavaScript the select still shows and submits the chosen values (an edit form saves with its
current choices; a filter works from its URL parameters, ``?agency=12``), but offers no other
choice.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: Rows per page of the endpoint's answer.
PAGE_SIZE = 20
TYPE_TO_SEARCH = _("Type to search…")


@dataclass(frozen=True)
class AutocompleteSource:
    """A named list of choices: who may read it, how a term narrows it, how a row is shown."""

    name: str
    permission: str
    search: Callable[[HttpRequest, str], QuerySet]
    label: Callable[[Model], str] = str


_SOURCES: dict[str, AutocompleteSource] = {}


def register(name: str, *, permission: str, label: Callable[[Model], str] = str):
    """Register the decorated ``(request, term) -> QuerySet`` as the source ``name``."""

    def decorator(search):
        _SOURCES[name] = AutocompleteSource(name, permission, search, label)
        return search

    return decorator


def source(name: str) -> AutocompleteSource:
    return _SOURCES[name]


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def autocomplete(request: HttpRequest, name: str) -> JsonResponse:
    """The choices of source ``name`` matching ``?q=`` (diacritics ignored, as the lists'
    search), page ``?page=`` (from 1)."""
    found = _SOURCES.get(name)
    if found is None:
        raise Http404
    if not request.user.has_perm(found.permission):
        raise PermissionDenied
    term = request.GET.get("q", "").strip()[:200]
    page = _page_number(request.GET.get("page"))
    start = (page - 1) * PAGE_SIZE
    # One row more than a page tells whether another page follows, without a COUNT.
    rows = list(found.search(request, term)[start : start + PAGE_SIZE + 1])
    return JsonResponse(
        {
            "results": [{"id": row.pk, "text": found.label(row)} for row in rows[:PAGE_SIZE]],
            "more": len(rows) > PAGE_SIZE,
        }
    )


class AutocompleteMixin:
    """A select of a model choice field that draws only the selected options and names the
    source its search box reads (``data-autocomplete``)."""

    def __init__(self, source: str, attrs=None, choices=(), *, forward=None):
        self.source = source
        #: Rows the form has already loaded (str(pk) → row), drawn without a query when
        #: selected: e.g. a formset row's saved agency, read with the rows (:meth:`know`).
        self.known: dict[str, object] = {}
        #: Query parameter → name of another field of the form (the same formset row's
        #: first), whose value the search box sends along (``data-forward``).
        self.forward = dict(forward or {})
        super().__init__(attrs, choices)

    def know(self, *rows) -> None:
        """Draw these rows, when selected, as they are (no query to read them again)."""
        self.known.update((str(row.pk), row) for row in rows if row is not None)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-autocomplete"] = reverse("autocomplete", args=[self.source])
        if self.forward:
            attrs["data-forward"] = json.dumps(self.forward)
        attrs.setdefault("data-placeholder", str(TYPE_TO_SEARCH))
        return attrs

    def optgroups(self, name, value, attrs=None):
        field = getattr(self.choices, "field", None)
        options: list[tuple[str, str]] = []
        if field is not None and not self.allow_multiple_selected and field.empty_label is not None:
            options.append(("", field.empty_label))
        wanted = [item for item in value if item not in (None, "") and str(item).isdigit()]
        if wanted and field is not None:
            # The chosen rows as the form loaded them, else read in one query in the field's
            # order (not every choice).
            if all(str(item) in self.known for item in wanted):
                rows = [self.known[str(item)] for item in wanted]
            else:
                rows = self.choices.queryset.filter(pk__in=wanted)
            options += [
                (str(field.prepare_value(row)), field.label_from_instance(row)) for row in rows
            ]
        chosen = {str(item) for item in value}
        return [
            (
                None,
                [
                    self.create_option(
                        name, option_value, label, str(option_value) in chosen, index, attrs=attrs
                    )
                ],
                index,
            )
            for index, (option_value, label) in enumerate(options)
        ]


class AutocompleteSelect(AutocompleteMixin, forms.Select):
    pass


class AutocompleteChoicesSelect(AutocompleteSelect):
    """A search box whose select also draws a short list of suggestions given as the field's
    ``choices`` (a callable, read when drawn), e.g. the officials holding a position at a
    party: useful without typing, and without JavaScript."""

    def optgroups(self, name, value, attrs=None):
        return forms.Select.optgroups(self, name, value, attrs)


class AutocompleteSelectMultiple(AutocompleteMixin, forms.SelectMultiple):
    pass
