"""What every inline formset of the project shares: rows that belong to the parent only, and
a count of the blank rows that were left out, so the view can say so."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

OTHER_ROW = _(
    "A row of this form belongs to another record (the page is out of date or was altered): "
    "reload the page and enter your change again."
)
#: Rows one form may carry: a tampered ``TOTAL_FORMS`` of a million builds at most this many
#: forms (Django's default bound is 2,000, which takes tens of seconds to validate).
ROWS_MAX = 300
ROW_LIMITS = {"max_num": ROWS_MAX, "absolute_max": ROWS_MAX, "validate_max": True}
BLANK_ROWS_LEFT_OUT = _("%(count)s blank row(s) were left out.")


class OwnRowsInlineFormSet(forms.BaseInlineFormSet):
    """An inline formset that refuses a submitted row id of another parent's child.

    Django's pk field accepts the id of any row of the model; a row of another parent then
    becomes a new, never-saved instance and the service trips over it. Here it is a formset
    error instead, and nothing is saved.
    """

    def clean(self):
        super().clean()
        own = {str(pk) for pk in self.get_queryset().values_list("pk", flat=True)}
        pk_name = self.model._meta.pk.name
        for form in self.initial_forms:
            submitted = form.data.get(form.add_prefix(pk_name))
            if submitted not in (None, "") and str(submitted) not in own:
                raise ValidationError(OTHER_ROW, code="other_row")

    @property
    def blank_rows(self) -> int:
        """New rows the person added and left empty (they are not saved); the empty rows the
        page offers by itself (``extra``) do not count."""
        blank = sum(1 for form in self.extra_forms if not form.has_changed())
        return max(0, blank - self.extra)
