"""Editing a directive together with its outgoing links (one page, one save)."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.autocomplete import AutocompleteSelect
from core.concurrency import VersionedFormMixin
from core.forms import DayFirstDateInput, Field, FieldSet, LayoutMixin, ReasonMixin
from core.formsets import ROW_LIMITS, OwnRowsInlineFormSet

from .models import Directive, DirectiveLink, LinkKind


class DirectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Directive) -> str:
        date = f" ({obj.issued_on:%d/%m/%Y})" if obj.issued_on else ""
        title = f" – {obj.title[:80]}" if obj.title else ""
        return f"{obj.identifier}{date}{title}"


class DirectiveForm(LayoutMixin, VersionedFormMixin, ReasonMixin, forms.ModelForm):
    """A directive's own fields, plus the optional reason recorded in its history (when
    editing)."""

    fieldsets = (
        FieldSet(
            Field("identifier", "col-sm-6"),
            Field("issued_on", "col-sm-6"),
            Field("type_name", "col-sm-6"),
            Field("status", "col-sm-6"),
            "issuing_body",
            "title",
            "summary",
        ),
        FieldSet("reason", part="end"),
    )

    class Meta:
        model = Directive
        fields = [
            "identifier",
            "type_name",
            "issuing_body",
            "issued_on",
            "title",
            "summary",
            "status",
        ]
        widgets = {
            "issued_on": DayFirstDateInput(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "issuing_body": AutocompleteSelect("agency"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_body"].queryset = Agency.objects.ordered()
        self.fields["issuing_body"].empty_label = "—"
        self.fields["identifier"].widget.attrs.update(
            {"placeholder": "25-NQ/TW", "autocomplete": "off", "spellcheck": "false"}
        )
        if self.instance.pk is None:
            del self.fields["reason"]


class DirectiveLinkForm(LayoutMixin, forms.ModelForm):
    """One outgoing link: this directive *continues / implements / replaces / amends* another."""

    fieldsets = (
        FieldSet(
            Field("kind", label=format_lazy("{}…", _("This directive"))),
            "target",
            "note",
            Field("DELETE", label=_("Remove this link")),
        ),
    )

    class Meta:
        model = DirectiveLink
        fields = ["kind", "target", "note"]
        field_classes = {"target": DirectiveChoiceField}
        widgets = {"target": AutocompleteSelect("directive")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("choose the link…")), *LinkKind.choices]
        self.fields["target"].empty_label = _("choose a directive…")
        self.fields["note"].widget.attrs["placeholder"] = _("Note (optional)")


class IncomingLinkForm(LayoutMixin, forms.ModelForm):
    """One incoming link: another directive *continues / implements / replaces / amends* this
    one (the same row as the other directive's outgoing link, edited from this end)."""

    fieldsets = (
        FieldSet(
            "source",
            Field("kind", label=format_lazy("{}…", _("…this directive"))),
            "note",
            Field("DELETE", label=_("Remove this link")),
        ),
    )

    class Meta:
        model = DirectiveLink
        fields = ["source", "kind", "note"]
        field_classes = {"source": DirectiveChoiceField}
        widgets = {"source": AutocompleteSelect("directive")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("choose the link…")), *LinkKind.choices]
        self.fields["source"].empty_label = _("choose a directive…")
        self.fields["source"].label = _("Directive")
        self.fields["note"].widget.attrs["placeholder"] = _("Note (optional)")


class BaseDirectiveLinkFormSet(OwnRowsInlineFormSet):
    #: The link's end that is the other directive (chosen in each row).
    other_end = "target"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        targets = Directive.objects.order_by("type_code", "number", "issued_on", "pk")
        if self.instance.pk:
            targets = targets.exclude(pk=self.instance.pk)
        self._targets = targets

    def _share_targets(self, form):
        # Picked on demand (core.autocomplete): a row reads only its chosen directive.
        form.fields[self.other_end].queryset = self._targets
        return form

    def _construct_form(self, i, **kwargs):
        return self._share_targets(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._share_targets(super().empty_form)


class BaseIncomingLinkFormSet(BaseDirectiveLinkFormSet):
    other_end = "source"


IncomingLinkFormSet = inlineformset_factory(
    Directive,
    DirectiveLink,
    form=IncomingLinkForm,
    formset=BaseIncomingLinkFormSet,
    fk_name="target",
    extra=0,
    can_delete=True,
)

DirectiveLinkFormSet = inlineformset_factory(
    Directive,
    DirectiveLink,
    form=DirectiveLinkForm,
    formset=BaseDirectiveLinkFormSet,
    fk_name="source",
    extra=1,
    can_delete=True,
    **ROW_LIMITS,
)
