"""Agencies, their former names, officials and the positions they hold.

Agencies sit in a hierarchy and change over time: renamed, merged, succeeded. Old records keep
the name in force when they were made (:meth:`Agency.name_on`), and the successor is linked.
An official holds several positions at once; :meth:`Official.titles_on` answers "what were this
official's titles (at this agency) on that date".
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.collation import vietnamese
from core.links import pk_url
from core.models import (
    NormalizedModel,
    initials_key_field,
    ordered_pair_constraint,
    search_key_field,
    warn_unless_confirmed,
)
from core.periods import within, within_q
from core.text import fold

PERIOD_ORDERED = _("The end date cannot be before the start date.")
AGENCY_OWN_PARENT = _("An agency cannot be its own parent or sit under one of its own units.")
AGENCY_OWN_SUCCESSOR = _("An agency cannot be its own successor.")
AGENCY_NAME_TAKEN = _(
    "An agency in force under the same parent already has this name: choose it rather than "
    "adding it again."
)
AGENCY_NAME_SIMILAR = _(
    "“%(other)s”, in force under the same parent, has nearly the same name. Is this the same "
    "agency?"
)


class AgencyKind(models.TextChoices):
    PARTY_BODY = "party_body", _("Party body (committee, board, party commission)")
    STATE_BODY = "state_body", _("State body (government, ministry, committee)")
    FRONT = "front", _("Fatherland Front")
    MASS_ORGANISATION = "mass_org", _("Socio-political or mass organisation")
    UNIT = "unit", _("Department or unit")
    FOREIGN = "foreign", _("Foreign partner")
    OTHER = "other", _("Other")


class AgencyQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None):
        """Agencies that exist on ``on`` (today by default)."""
        on = on or datetime.date.today()
        return self.filter(within_q("valid_from", "valid_to", on))

    def roots(self):
        """Agencies at the top of the hierarchy."""
        return self.filter(parent__isnull=True)

    def ordered(self):
        """In Vietnamese alphabetical order of their names."""
        return self.order_by(vietnamese("name"), "pk")

    def by_kind(self):
        """By kind in the order of :class:`AgencyKind` (party bodies first), then in
        Vietnamese order of their names: how the hierarchy browser lists top-level agencies."""
        rank = Case(
            *(When(kind=kind.value, then=Value(index)) for index, kind in enumerate(AgencyKind)),
            default=Value(len(AgencyKind)),
        )
        return self.order_by(rank, vietnamese("name"), "pk")

    def under(self, agency: "Agency | int"):
        """The units below ``agency`` at any depth (not the agency itself), from a recursive
        read of the parent index inside the query (PostgreSQL and SQLite both run it): "search
        within this ministry" costs what the subtree holds, not what the table holds. UNION
        drops rows already seen, so a parent loop in bad data ends the walk."""
        root = agency if isinstance(agency, int) else agency.pk
        table = self.model._meta.db_table
        below = RawSQL(
            f"WITH RECURSIVE below(id) AS (SELECT id FROM {table} WHERE parent_id = %s"
            f" UNION SELECT child.id FROM {table} child JOIN below ON child.parent_id = below.id)"
            " SELECT id FROM below",
            (root,),
        )
        return self.filter(pk__in=below)


class Agency(NormalizedModel):
    """A party or state body, organisation or unit (cơ quan, đơn vị) that signs or carries out
    programs: Ban Dân vận Trung ương, Ban cán sự đảng Bộ Ngoại giao, Ủy ban MTTQ Việt Nam TP.HCM.
    """

    name = models.CharField(_("full name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=64, blank=True, help_text=_("Abbreviation, e.g. BDVTW.")
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=AgencyKind.choices, default=AgencyKind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    seat = models.CharField(
        _("seat (place name)"),
        max_length=64,
        blank=True,
        help_text=_(
            "Where the agency sits, as its documents write the place (địa danh): "
            "Hà Nội, Thành phố Hồ Chí Minh."
        ),
    )
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The agency that took over after a merger or rename."),
    )
    notes = models.TextField(_("notes"), blank=True)
    search_key = search_key_field()
    initials_key = initials_key_field()
    history = HistoricalRecords(excluded_fields=["search_key", "initials_key"])

    search_fields = ("name", "short_name")
    initials_fields = ("name",)
    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = [vietnamese("name"), "pk"]
        constraints = [
            ordered_pair_constraint(
                "valid_from",
                "valid_to",
                name="%(app_label)s_%(class)s_period_ordered",
                message=PERIOD_ORDERED,
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=AGENCY_OWN_PARENT,
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("pk")),
                name="%(app_label)s_%(class)s_not_own_successor",
                violation_error_message=AGENCY_OWN_SUCCESSOR,
            ),
            # Live (not ended) units of one parent have different names; top-level agencies
            # count as one parent (0), which a plain unique on a nullable column would not do.
            models.UniqueConstraint(
                Coalesce("parent", Value(0)),
                "name",
                condition=Q(valid_to__isnull=True),
                name="%(app_label)s_%(class)s_unique_live_name",
                violation_error_message=AGENCY_NAME_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return pk_url("agencies:agency_detail", self.pk)

    def clean(self) -> None:
        super().clean()
        if self.pk and self.parent_id:
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": AGENCY_OWN_PARENT})
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if self.pk and self.successor_id == self.pk:
            raise ValidationError({"successor": AGENCY_OWN_SUCCESSOR})
        warn_unless_confirmed(self, {"name": self.similar_name_warnings()})

    def similar_name_warnings(self) -> list:
        """Live units of the same parent whose name folds to this one's (case, diacritics and
        spacing aside) but is not the same: "Ban Dan van Trung uong" beside "Ban Dân vận Trung
        ương". The same name exactly is refused by the constraint instead."""
        if self.valid_to is not None or not self.name:
            return []
        folded = fold(self.name)
        siblings = Agency.objects.filter(parent_id=self.parent_id, valid_to__isnull=True)
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        return [
            ValidationError(AGENCY_NAME_SIMILAR, params={"other": name})
            for name in siblings.values_list("name", flat=True)
            if name != self.name and fold(name) == folded
        ]

    def ancestors(self) -> list["Agency"]:
        """The chain of parents, nearest first."""
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def name_on(self, on: datetime.date | None) -> str:
        """The name this agency bore on ``on``: a former name whose dates cover it, or the
        current name. Reads ``former_names`` (prefetch it when called in a loop)."""
        if on is not None:
            for former in self.former_names.all():
                if within(on, former.valid_from, former.valid_to):
                    return former.name
        return self.name

    def seat_or_parents(self) -> str:
        """The place this agency's documents are dated at: its own seat, else the nearest
        parent's ("" when nobody in the chain has one)."""
        if self.seat:
            return self.seat
        return next((parent.seat for parent in self.ancestors() if parent.seat), "")

    @property
    def label(self) -> str:
        """ "Full name (SHORT)" when there is a short name."""
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class AgencyName(NormalizedModel):
    """A name an agency bore before, with the dates it was in use (renames keep old records
    readable: a document signed in 2016 shows the name of 2016)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    valid_from = models.DateField(_("used from"), null=True, blank=True)
    valid_to = models.DateField(_("used until"), null=True, blank=True)
    search_key = search_key_field()
    initials_key = initials_key_field()
    history = HistoricalRecords(excluded_fields=["search_key", "initials_key"])

    search_fields = ("name", "short_name")
    initials_fields = ("name",)

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["agency", "valid_from", "pk"]
        constraints = [
            ordered_pair_constraint(
                "valid_from",
                "valid_to",
                name="%(app_label)s_%(class)s_period_ordered",
                message=PERIOD_ORDERED,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OfficialQuerySet(models.QuerySet):
    def signer_candidates(self, agency: "Agency | int", on: datetime.date):
        """Officials offered as the signer for ``agency`` on ``on``: those holding a position
        there that day first (``holds_position`` true), then every other official (a signer
        the user may still choose, with a confirmation: :class:`programs.models.Signatory`),
        each group in Vietnamese order. One query."""
        agency_id = agency.pk if isinstance(agency, Agency) else agency
        held = Position.objects.held_on(on).filter(agency_id=agency_id, official=OuterRef("pk"))
        return self.annotate(holds_position=Exists(held)).order_by(
            F("holds_position").desc(), vietnamese("full_name"), "pk"
        )


class Official(NormalizedModel):
    """A person (cán bộ) who signs programs, chairs meetings and holds positions in agencies."""

    full_name = models.CharField(_("full name"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)
    search_key = search_key_field()
    history = HistoricalRecords(excluded_fields=["search_key"])

    search_fields = ("full_name",)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = [vietnamese("full_name"), "pk"]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return pk_url("agencies:official_detail", self.pk)

    def positions_held(self, on: datetime.date | None) -> list["Position"]:
        """The positions this official held on ``on``, at every agency, in the order they
        were entered (``order``, start date, pk); none when ``on`` is None.

        The one place that answers "titles of an official on a date": it reads
        ``positions.all()``, so prefetch ``positions`` (with their ``agency`` when the caller
        names it) when calling it in a loop; without a prefetch it costs one query.
        """
        if on is None:
            return []
        held = [position for position in self.positions.all() if position.is_held_on(on)]
        return sorted(held, key=lambda p: (p.order, p.start_date or datetime.date.min, p.pk))

    def titles_on(self, on: datetime.date | None, *, agency: "Agency | int | None" = None) -> str:
        """This official's titles on ``on`` joined with ", " (at ``agency`` only when given;
        "" when no position covers that day), e.g. "Bí thư Ban cán sự đảng, Bộ trưởng"."""
        agency_id = agency.pk if isinstance(agency, Agency) else agency
        return ", ".join(
            position.title
            for position in self.positions_held(on)
            if agency_id is None or position.agency_id == agency_id
        )

    def title_on(self, agency: Agency | int, on: datetime.date) -> str:
        """This official's title at ``agency`` on ``on`` (:meth:`titles_on` at one agency)."""
        return self.titles_on(on, agency=agency)


class PositionQuerySet(models.QuerySet):
    def held_on(self, on: datetime.date):
        """Positions whose dates cover ``on`` (an open start or end counts as covering)."""
        return self.filter(within_q("start_date", "end_date", on)).order_by(
            "order", "start_date", "pk"
        )

    def current(self):
        """Positions held today."""
        return self.held_on(datetime.date.today())


class Position(NormalizedModel):
    """A title an official holds at an agency for a span of time (chức vụ): Bùi Thanh Sơn,
    Bộ trưởng, at Bộ Ngoại giao. An official holds several positions at once."""

    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.CASCADE, related_name="positions"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("title"), max_length=255)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Order of titles held at the same agency.")
    )
    history = HistoricalRecords()

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["official", "order", "start_date", "pk"]
        constraints = [
            ordered_pair_constraint(
                "start_date",
                "end_date",
                name="%(app_label)s_%(class)s_period_ordered",
                message=PERIOD_ORDERED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official} – {self.title}, {self.agency}"

    def is_held_on(self, on: datetime.date) -> bool:
        """Whether this position's dates cover ``on`` (an open start or end covers it)."""
        return within(on, self.start_date, self.end_date)


class UserProfileQuerySet(models.QuerySet):
    def for_user(self, user) -> "UserProfile":
        """``user``'s profile, created (empty) when the account has none yet: accounts made
        outside :func:`agencies.services.account_create` (``createsuperuser``, Django admin)
        get theirs on first use."""
        profile, _created = self.get_or_create(user=user)
        return profile


class UserProfile(models.Model):
    """What phoihop knows about an account beyond Django's user: the agency the person works
    for and, when they are one of the officials on record, which one.

    A profile beside Django's ``User`` rather than a custom user model: swapping
    ``AUTH_USER_MODEL`` on a project with data is the risky path (docs/architecture.md).
    Scoped permissions build on ``user.profile.agency``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text=_("The agency this person works for."),
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        help_text=_("The official on record this account belongs to, if any."),
    )
    history = HistoricalRecords()

    objects = UserProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("account profile")
        verbose_name_plural = _("account profiles")

    def __str__(self) -> str:
        return str(self.user)
