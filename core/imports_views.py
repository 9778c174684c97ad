"""The import page: choose a kind and a file, see the dry run line by line, then import it
for real (docs/imports.md). The file waits between the two steps in the default storage, under
the user's own folder; the real run reads it again and imports it in one transaction."""

import datetime
import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views import View

from .access import ADD, CHANGE, may
from .exports import xlsx_bytes
from .forms import ImportForm
from .imports import Importer, ImportFileError, read_rows

IMPORTED = _("%(count)s lines imported from “%(file)s”.")
EXPIRED = _("The file of this dry run is no longer available: choose it again.")
NOTHING_WRITTEN = _(
    "Some lines were refused, so nothing was imported: correct the file and try again."
)
#: How long the file of a dry run waits for its confirmation.
KEEP_DRY_RUN = datetime.timedelta(days=1)
_TOKEN = re.compile(r"^[0-9a-f]{32}\.(xlsx|csv)$")


def importers() -> dict[str, type[Importer]]:
    return {kind: import_string(path) for kind, path in settings.IMPORTERS.items()}


def allowed_importers(user) -> dict[str, type[Importer]]:
    """The kinds ``user`` may import: adding and changing that kind of record."""
    return {
        kind: importer
        for kind, importer in importers().items()
        if all(may(user, action, importer.model) for action in (ADD, CHANGE))
    }


class ImportView(View):
    """GET: the form. POST with a file: the dry run. POST with ``confirm`` and the dry run's
    token: the real run."""

    template_name = "core/import.html"

    @cached_property
    def kinds(self):
        return allowed_importers(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not self.kinds:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in self.kinds else {}
        return self.render(ImportForm(kinds=self.kinds, initial=initial))

    def render(self, form, **context):
        return render(
            request=self.request,
            template_name=self.template_name,
            context={"form": form, "kinds": self.kinds, **context},
        )

    def _path(self, token: str) -> str:
        return f"imports/{self.request.user.pk}/{token}"

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm()
        form = ImportForm(request.POST, request.FILES, kinds=self.kinds)
        if not form.is_valid():
            return self.render(form)
        upload = form.cleaned_data["file"]
        content = upload.read()
        kind = form.cleaned_data["kind"]
        result = self.run(kind, content, upload.name, commit=False, form=form)
        if result is None:
            return self.render(form)
        self.forget_old_dry_runs()
        extension = upload.name.lower().rsplit(".", 1)[-1]
        token = f"{uuid.uuid4().hex}.{extension}"
        default_storage.save(self._path(token), ContentFile(content))
        return self.render(
            form, result=result, token=token, kind=kind, source=upload.name, dry_run=True
        )

    def forget_old_dry_runs(self) -> None:
        """Delete this user's dry-run files older than :data:`KEEP_DRY_RUN` (never
        confirmed)."""
        folder = f"imports/{self.request.user.pk}"
        try:
            _dirs, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        cutoff = timezone.now() - KEEP_DRY_RUN
        for name in files:
            path = f"{folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)

    def run(self, kind, content, source, *, commit, form):
        importer = self.kinds[kind](user=self.request.user, source=source)
        try:
            return importer.run(read_rows(content, filename=source), commit=commit)
        except ImportFileError as error:
            form.add_error("file" if "file" in form.fields else None, str(error))
            return None

    def confirm(self):
        token, kind = self.request.POST.get("token", ""), self.request.POST.get("kind", "")
        source = self.request.POST.get("source", "")[:255] or token
        form = ImportForm(kinds=self.kinds, initial={"kind": kind})
        if kind not in self.kinds or not _TOKEN.match(token):
            raise Http404
        path = self._path(token)
        if not default_storage.exists(path):
            messages.error(self.request, EXPIRED)
            return redirect("imports:import")
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
        if not source.lower().endswith(token.rsplit(".", 1)[-1]):
            source = token
        result = self.run(kind, content, source, commit=True, form=form)
        if result is None:
            return self.render(form)
        if result.committed:
            default_storage.delete(path)
            done = len(result.lines) - result.count("unchanged")
            messages.success(self.request, IMPORTED % {"count": done, "file": source})
        else:
            messages.error(self.request, NOTHING_WRITTEN)
        return self.render(form, result=result, kind=kind, source=source, dry_run=False)


class ImportTemplateView(View):
    """An empty sheet with the headings of one kind of import and an example line."""

    def get(self, request, kind: str, fmt: str):
        kinds = allowed_importers(request.user)
        if kind not in kinds or fmt not in ("xlsx", "csv"):
            raise Http404
        dataset = kinds[kind](user=request.user, source="").template_dataset()
        if fmt == "csv":
            body = ("\ufeff" + dataset.export("csv")).encode("utf-8")
            content_type = "text/csv; charset=utf-8"
        else:
            body = xlsx_bytes(dataset.headers, list(dataset), title=dataset.title)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="phoihop-{kind}-template.{fmt}"'
        return response
