"""The agencies and officials forms and filters pick on demand (:mod:`core.autocomplete`),
matched as the lists' search matches them (diacritics ignored, former names, initials)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from core import autocomplete
from core.collation import vietnamese
from core.search import search_queryset

from .models import Agency, Official, Position


@autocomplete.register("agency", permission="agencies.view_agency")
def agencies(request, term):
    # A source narrowed to the user's agencies would filter here, from request.user.
    return search_queryset(Agency.objects.ordered(), term)


@autocomplete.register("official", permission="agencies.view_official")
def officials(request, term):
    return search_queryset(Official.objects.order_by("full_name", "pk"), term)


SIGNER_NEEDS_CONFIRMATION = _("no position at this agency on that day: needs a confirmation")


def _signer_label(official) -> str:
    if getattr(official, "held_title", None):
        return f"{official} – {official.held_title}"
    if getattr(official, "holds_position", None) is False:
        return f"{official} ({SIGNER_NEEDS_CONFIRMATION})"
    return str(official)


@autocomplete.register("signer", permission="agencies.view_official", label=_signer_label)
def signers(request, term):
    """The officials offered as a party's signer: with ``agency`` and ``on`` (the signing
    date, as typed in the form) those holding a position there that day first, with the title
    (:meth:`~agencies.models.OfficialQuerySet.signer_candidates`); the others say choosing
    them needs a confirmation."""
    officials = Official.objects.order_by("full_name", "pk")
    agency = request.GET.get("agency", "")
    try:
        on = forms.DateField().clean(request.GET.get("on", ""))
    except ValidationError:
        on = None
    if agency.isdigit() and on is not None:
        held = Position.objects.held_on(on).filter(agency_id=int(agency), official=OuterRef("pk"))
        officials = officials.signer_candidates(int(agency), on).annotate(
            held_title=Subquery(held.order_by("pk").values("title")[:1])
        )
        if not term:
            return officials
        # The search orders by match; the party's officials stay first among the matches.
        return search_queryset(officials, term).order_by(
            F("holds_position").desc(), vietnamese("full_name"), "pk"
        )
    return search_queryset(officials, term)
