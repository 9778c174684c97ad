"""The one edit-view base: show a form (with its inline formsets), call a service on submit, and
turn what the service refuses into the page.

A view declares its formsets and says how to save::

    class ProgramUpdateView(EditView, UpdateView):
        formset_classes = {"signatories": SignatoryFormSet, "tasks": TaskFormSet}

        def save(self, form, signatories, tasks):
            return services.program_save(program=form.save(commit=False), ...)

:meth:`EditView.save` turns the valid forms into the service's keyword data (services never see
a form). An :class:`core.concurrency.EditConflict` becomes the "changed meanwhile" notice with the
list of changes, a ``ValidationError`` becomes errors on the fields it names (or at the top); in
both cases the page is shown again with the user's input kept. Core imports no app: views
subclass this in each app.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseFormSet, BaseModelForm
from django.http import HttpResponseRedirect

from .concurrency import EditConflict
from .formsets import BLANK_ROWS_LEFT_OUT
from .views import PermissionMixin


def add_validation_error(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: on the field when the form has it,
    otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, ValidationError(errors))


def form_related(form: BaseModelForm) -> dict[str, list]:
    """The many-to-many values of a valid model form (what ``form.save_m2m()`` would set), as
    plain data for a service: ``{"based_on": [<Directive>, …]}``."""
    return {
        field.name: list(form.cleaned_data[field.name])
        for field in form._meta.model._meta.many_to_many
        if field.name in form.fields and field.name in form.cleaned_data
    }


class EditView(PermissionMixin):
    """Create or edit one record (and the rows edited on its page) through a service.

    Mix before Django's ``CreateView`` / ``UpdateView``. Subclasses set ``form_class``,
    ``template_name``, ``permission_required``, ``success_message`` (formatted with the saved
    record under ``success_name``) and, for rows edited on the same page, ``formset_classes``
    (context name → inline formset class; the name is the formset's prefix). They implement
    :meth:`save`. The template gets ``form``, each formset by its name and ``conflict``.
    """

    formset_classes: dict[str, type[BaseFormSet]] = {}
    success_message = ""
    success_name = "object"

    def save(self, form, **formsets):
        """Call the service with data read from the valid ``form`` and ``formsets``; return
        the saved record. May raise ``EditConflict`` or ``ValidationError``."""
        raise NotImplementedError

    def edit_details(self, form) -> dict:
        """What every versioned service takes besides the record's data: who saves, why (the
        form's ``reason``) and the version the form was opened at (``expected_version``)."""
        return {
            "user": self.request.user,
            "reason": form.cleaned_data.get("reason", ""),
            "expected_version": form.cleaned_data.get("version"),
        }

    def get_formsets(self, instance) -> dict[str, BaseFormSet]:
        """The formsets of the page, bound to the submitted data on POST."""
        data = self.request.POST if self.request.method == "POST" else None
        return {
            name: formset_class(data, instance=instance, prefix=name)
            for name, formset_class in self.formset_classes.items()
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if self.formset_classes and not all(name in kwargs for name in self.formset_classes):
            context.update(self.get_formsets(form.instance))
        context["conflict"] = getattr(form, "conflict", None)
        return context

    def get_success_message(self, saved) -> str:
        return self.success_message % {self.success_name: saved}

    def get_success_url(self, saved=None) -> str:
        return saved.get_absolute_url()

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.kwargs.get("pk") else None
        form = self.get_form()
        formsets = self.get_formsets(getattr(form, "instance", None))
        # Validate every part so every error shows at once.
        valid = [form.is_valid(), *(formset.is_valid() for formset in formsets.values())]
        if all(valid):
            try:
                saved = self.save(form, **formsets)
            except EditConflict as conflict:
                form.add_conflict(conflict)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, self.get_success_message(saved))
                blank = sum(getattr(formset, "blank_rows", 0) for formset in formsets.values())
                if blank:
                    # New rows left empty are not saved: say so rather than drop them silently.
                    messages.warning(request, BLANK_ROWS_LEFT_OUT % {"count": blank})
                return HttpResponseRedirect(self.get_success_url(saved))
        return self.render_to_response(self.get_context_data(form=form, **formsets))
