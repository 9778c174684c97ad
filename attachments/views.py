"""Attach a file to a record, fetch it, remove it. Every view asks :func:`core.access.may`
about the record the file belongs to: reading the record to fetch, changing it to attach or
remove. Files are never served from a public URL."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.access import CHANGE, VIEW, may

from .forms import AttachmentForm
from .models import Attachment
from .registry import attachable_model
from .services import attachment_add, attachment_remove

ATTACHED = _("File “%(name)s” attached.")
REMOVED = _("Attachment “%(name)s” removed.")
FILE_MISSING = _("The stored file of this attachment is missing.")
#: Types a browser shows inline; the others are downloaded.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}


def _record_of(attachment: Attachment):
    record = attachment.record
    if record is None:
        raise Http404
    return record


class AttachmentCreateView(View):
    """POST a file (with its kind and description) onto a record, then back to its page."""

    http_method_names = ["post"]

    def post(self, request, label: str, pk: int):
        model = attachable_model(label)
        if model is None:
            raise Http404
        if not may(request.user, VIEW, model):
            raise PermissionDenied
        record = get_object_or_404(model, pk=pk)
        if not may(request.user, CHANGE, model, record):
            raise PermissionDenied
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachment = attachment_add(
                    record=record,
                    file=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    user=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, ATTACHED % {"name": attachment.original_name})
        else:
            messages.error(
                request, " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
        return HttpResponseRedirect(f"{record.get_absolute_url()}#attachments")


class AttachmentDownloadView(View):
    """GET the file, for users who may read its record (404 for others, so the file's
    existence is not revealed)."""

    def get(self, request, pk: int):
        attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
        record = _record_of(attachment)
        if not may(request.user, VIEW, type(record), record):
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(FILE_MISSING) from error
        return FileResponse(
            handle,
            as_attachment=attachment.media_type not in INLINE_TYPES,
            filename=attachment.original_name,
            content_type=attachment.media_type,
        )


class AttachmentDeleteView(View):
    """POST: remove an attachment (users who may change its record)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
        record = _record_of(attachment)
        if not may(request.user, CHANGE, type(record), record):
            raise PermissionDenied
        attachment_remove(attachment=attachment, user=request.user)
        messages.success(request, REMOVED % {"name": attachment.original_name})
        return HttpResponseRedirect(f"{record.get_absolute_url()}#attachments")
