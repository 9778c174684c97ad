"""Directives (văn bản chỉ đạo) and the typed links between them.

A directive is a party or state guiding document: Nghị quyết 25-NQ/TW, Kết luận 43-KL/TW,
Nghị quyết 169/NQ-CP, and the implementing documents agencies issue to carry them out
(122-CTr/ĐUB). Its identifier is parsed into a canonical form and a folded key
(:mod:`core.identifiers`); the same identifier can name two documents of different terms, so a
directive is unique on (key, date of issue).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.links import pk_url
from core.models import (
    ArchivableModel,
    ArchivableQuerySet,
    IdentifiedModel,
    IdentifiedQuerySet,
    VersionedModel,
    initials_key_field,
    search_key_field,
)

DIRECTIVE_DUPLICATE = _("A directive with this identifier and date of issue already exists.")
DIRECTIVE_DUPLICATE_UNDATED = _(
    "An undated directive with this identifier already exists: give the date of issue."
)
LINK_TO_ITSELF = _("A directive cannot be linked to itself.")
LINK_CYCLE = _(
    "This link would make a cycle: %(target)s already leads back to %(source)s through other links."
)
LINK_DUPLICATE = _("These two directives are already linked this way.")


class DirectiveStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    REPLACED = "replaced", _("Replaced")
    EXPIRED = "expired", _("Expired")


class DirectiveQuerySet(ArchivableQuerySet, IdentifiedQuerySet):
    def in_force(self):
        return self.filter(status=DirectiveStatus.IN_FORCE)


class Directive(IdentifiedModel, VersionedModel, ArchivableModel):
    """A party or state guiding document (văn bản chỉ đạo), or an agency's implementing
    document: number, type, issuing body, date of issue, subject, status."""

    type_name = models.CharField(
        _("type"),
        max_length=64,
        blank=True,
        help_text=_(
            "Nghị quyết, Kết luận, Chỉ thị, Quy định… Filled in from the identifier "
            "when left empty."
        ),
    )
    issuing_body = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_directives",
    )
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DirectiveStatus.choices,
        default=DirectiveStatus.IN_FORCE,
    )
    search_key = search_key_field()
    initials_key = initials_key_field()
    history = HistoricalRecords(excluded_fields=["search_key", "initials_key", "identifier_key"])

    search_fields = ("identifier", "type_name", "title")
    initials_fields = ("title",)
    objects = DirectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        permissions = [("restore_directive", _("Can restore an archived directive"))]
        ordering = ["-issued_on", "identifier_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_key", "issued_on"],
                name="%(app_label)s_%(class)s_unique_identifier_date",
                violation_error_message=DIRECTIVE_DUPLICATE,
            ),
            models.UniqueConstraint(
                fields=["identifier_key"],
                condition=Q(issued_on__isnull=True),
                name="%(app_label)s_%(class)s_unique_identifier_undated",
                violation_error_message=DIRECTIVE_DUPLICATE_UNDATED,
            ),
        ]
        indexes = [models.Index(fields=["number", "type_code"], name="directive_number_type")]

    def __str__(self) -> str:
        return f"{self.type_name} {self.identifier}".strip()

    def get_absolute_url(self) -> str:
        return pk_url("directives:directive_detail", self.pk)

    def normalize(self) -> None:
        super().normalize()
        if self.identifier_key:
            self.type_name = self.type_name or self.parsed_identifier.type_name

    @property
    def short_citation(self) -> str:
        """ "Nghị quyết 25" style, as prose cites it."""
        return f"{self.type_name} {self.number}".strip()


class LinkKind(models.TextChoices):
    CONTINUES = "continues", _("continues")
    IMPLEMENTS = "implements", _("implements")
    REPLACES = "replaces", _("replaces")
    AMENDS = "amends", _("amends")


#: How each link kind reads from the target's side.
LINK_INVERSE_LABELS = {
    LinkKind.CONTINUES: _("continued by"),
    LinkKind.IMPLEMENTS: _("implemented by"),
    LinkKind.REPLACES: _("replaced by"),
    LinkKind.AMENDS: _("amended by"),
}


class DirectiveLinkQuerySet(models.QuerySet):
    def touching(self, directive: Directive):
        """Links from or to ``directive``, with both ends loaded."""
        return self.filter(Q(source=directive) | Q(target=directive)).select_related(
            "source", "target"
        )


class DirectiveLink(models.Model):
    """A typed link from a newer directive to an older one: KL 43 *continues* NQ 25;
    169/NQ-CP *implements* NQ 36; a new regulation *replaces* QĐ 228. Seen from both ends; the
    links never form a cycle."""

    source = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        on_delete=models.CASCADE,
        related_name="outgoing_links",
    )
    kind = models.CharField(_("link"), max_length=16, choices=LinkKind.choices)
    target = models.ForeignKey(
        Directive,
        verbose_name=_("linked directive"),
        on_delete=models.CASCADE,
        related_name="incoming_links",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    objects = DirectiveLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive link")
        verbose_name_plural = _("directive links")
        ordering = ["source", "kind", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"],
                name="%(app_label)s_%(class)s_unique",
                violation_error_message=LINK_DUPLICATE,
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="%(app_label)s_%(class)s_not_to_itself",
                violation_error_message=LINK_TO_ITSELF,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.identifier} {self.get_kind_display()} {self.target.identifier}"

    @property
    def inverse_label(self) -> str:
        return LINK_INVERSE_LABELS[LinkKind(self.kind)]

    def clean(self) -> None:
        """Refuse a link to itself and any link that closes a cycle (of any kinds)."""
        super().clean()
        if not (self.source_id and self.target_id):
            return
        if self.source_id == self.target_id:
            raise ValidationError({"target": LINK_TO_ITSELF})
        if self.target_leads_back_to_source():
            raise ValidationError(
                {
                    "target": ValidationError(
                        LINK_CYCLE,
                        params={"source": self.source.identifier, "target": self.target.identifier},
                    )
                }
            )

    def target_leads_back_to_source(self) -> bool:
        """Whether following existing links from the target reaches the source (one query a
        level of the graph)."""
        links = DirectiveLink.objects.exclude(pk=self.pk) if self.pk else DirectiveLink.objects
        frontier, seen = {self.target_id}, {self.target_id}
        while frontier:
            if self.source_id in frontier:
                return True
            nexts = set(links.filter(source_id__in=frontier).values_list("target_id", flat=True))
            frontier = nexts - seen
            seen |= nexts
        return False
