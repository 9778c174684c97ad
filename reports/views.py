"""Report pages: export (POST), the job page with its self-updating status, the list of past
reports with retry, and the download. Every view needs ``reports.export_report``; others get 403.
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.views import FilteredListView, PermissionMixin
from directives.models import Directive
from programs.models import Program

from .filters import ReportJobFilterSet
from .forms import ReportRequestForm
from .models import JobStatus, ReportJob, ReportKind
from .services import report_jobs_sweep_stale, report_request, report_retry

EXPORT_PERMISSION = "reports.export_report"
REQUEST_QUEUED = _("The report has been requested; this page shows its progress.")
REQUEST_EXISTS = _("The same report is already being prepared: here is its progress.")
RETRY_QUEUED = _("The report has been queued again.")
QUEUE_UNAVAILABLE = _(
    "The job queue is unavailable at the moment. Your request is kept and the report will be "
    "prepared as soon as the queue is back; this page shows its progress."
)
FILE_MISSING = _("The file of this report is no longer available: export it again.")

SUBJECTS = {
    "program": (Program, ReportKind.for_program),
    "directive": (Directive, ReportKind.for_directive),
}


class ReportJobListView(FilteredListView):
    """Past and pending reports: status, duration, size, error and who asked."""

    permission_required = EXPORT_PERMISSION
    queryset = ReportJob.objects.with_related()
    filterset_class = ReportJobFilterSet
    template_name = "reports/reportjob_list.html"

    def get(self, request, *args, **kwargs):
        report_jobs_sweep_stale()
        return super().get(request, *args, **kwargs)


class ReportJobDetailView(PermissionMixin, DetailView):
    """One job: its status and a progress bar that refreshes itself, then the download."""

    permission_required = EXPORT_PERMISSION
    queryset = ReportJob.objects.with_related()
    template_name = "reports/reportjob_detail.html"

    def get(self, request, *args, **kwargs):
        report_jobs_sweep_stale()
        return super().get(request, *args, **kwargs)


class ReportJobStatusView(ReportJobDetailView):
    """The status partial the job page polls (htmx) while the job is queued or running."""

    template_name = "reports/includes/_job_status.html"


class ReportRequestView(PermissionMixin, View):
    """POST: create (or join) a job for a report about a program or directive."""

    permission_required = EXPORT_PERMISSION
    http_method_names = ["post"]

    def post(self, request, subject_type: str, pk: int):
        if subject_type not in SUBJECTS:
            raise Http404
        model, kinds = SUBJECTS[subject_type]
        subject = get_object_or_404(model, pk=pk)
        form = ReportRequestForm(request.POST, allowed=kinds())
        if not form.is_valid():
            messages.error(request, _("Choose which report to export."))
            return HttpResponseRedirect(subject.get_absolute_url())
        try:
            job, created = report_request(
                kind=form.cleaned_data["kind"], subject=subject, requested_by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(subject.get_absolute_url())
        job.refresh_from_db(fields=["task_id", "status", "error"])
        if job.status == JobStatus.QUEUED and not job.task_id:
            messages.warning(request, QUEUE_UNAVAILABLE)
        else:
            messages.info(request, REQUEST_QUEUED if created else REQUEST_EXISTS)
        return HttpResponseRedirect(job.get_absolute_url())


class ReportJobRetryView(PermissionMixin, SingleObjectMixin, View):
    """POST: queue a failed job again."""

    permission_required = EXPORT_PERMISSION
    http_method_names = ["post"]
    model = ReportJob

    def post(self, request, *args, **kwargs):
        job = self.get_object()
        try:
            job = report_retry(job=job, requested_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.info(request, RETRY_QUEUED)
        return HttpResponseRedirect(job.get_absolute_url())


class ReportJobDownloadView(PermissionMixin, SingleObjectMixin, View):
    """GET: the PDF of a finished job, as an attachment."""

    permission_required = EXPORT_PERMISSION
    model = ReportJob

    def get(self, request, *args, **kwargs):
        job = self.get_object()
        if job.status != JobStatus.DONE or not job.file:
            raise Http404(FILE_MISSING)
        if settings.REPORT_FILES_SENDFILE:
            return self.front_server_sends(job)
        try:
            handle = job.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(FILE_MISSING) from error
        return FileResponse(
            handle, as_attachment=True, filename=job.download_name, content_type="application/pdf"
        )

    @staticmethod
    def front_server_sends(job: ReportJob) -> HttpResponse:
        """An empty response that tells the front server which file to send (after this view
        checked the permission): ``X-Accel-Redirect`` to nginx's internal location, or
        ``X-Sendfile`` with the file's path (docs/deployment.md)."""
        if not job.file.storage.exists(job.file.name):
            raise Http404(FILE_MISSING)
        response = HttpResponse(content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, job.download_name)
        if settings.REPORT_FILES_SENDFILE == "x-accel-redirect":
            internal = settings.REPORT_FILES_INTERNAL_URL.rstrip("/")
            response["X-Accel-Redirect"] = f"{internal}/{quote(job.file.name)}"
        else:
            response["X-Sendfile"] = job.file.path
        return response
