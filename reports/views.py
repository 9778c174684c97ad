"""Report pages: the review reports (list, page, start, edit, mark final, export) and the jobs
that render them (export (POST), the job page with its self-updating status, the list of past
jobs with retry, and the download). Job views need ``reports.export_report``; others get 403.
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from core.access import ADD, require
from core.dates import vietnamese_place_date
from core.editing import EditView
from core.views import FilteredListView, HistoryMixin, PermissionMixin
from directives.models import Directive
from programs.models import Program

from . import services
from .filters import ReportJobFilterSet, ReviewReportFilterSet
from .forms import (
    IssuerFormSet,
    PartFormSet,
    ReportRequestForm,
    ReviewReportFinalizeForm,
    ReviewReportForm,
)
from .models import (
    JobStatus,
    ReportJob,
    ReportKind,
    ReviewReport,
    ReviewReportIssuer,
    ReviewReportPart,
)
from .rendering.review import subject_line
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

    export_url_name = "reports:reportjob_export"
    permission_required = EXPORT_PERMISSION
    queryset = ReportJob.objects.with_related()
    filterset_class = ReportJobFilterSet
    template_name = "reports/reportjob_list.html"
    # Not from the page cache: the worker moves the jobs' status and progress with
    # QuerySet.update(), and opening the list sweeps the stale jobs.
    page_cache = False

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


# -- Review reports ----------------------------------------------------------------------------

REVIEW_STARTED = _("A draft has been started with everything proposed from the records: check it.")
REVIEW_SAVED = _("Review report “%(report)s” saved.")
REVIEW_FINAL = _("Review report “%(report)s” is final.")
REVIEW_EXPORT_QUEUED = _("The report is being rendered as it stands; this page shows its progress.")


def _review_queryset():
    return ReviewReport.objects.with_related().prefetch_related(
        Prefetch(
            "issuers",
            queryset=ReviewReportIssuer.objects.select_related("agency", "signer"),
        )
    )


class ReviewReportListView(FilteredListView):
    """Review reports, drafts and final, newest as-of day first."""

    permission_required = "reports.view_reviewreport"
    queryset = ReviewReport.objects.with_related()
    filterset_class = ReviewReportFilterSet
    template_name = "reports/reviewreport_list.html"


class ReviewReportDetailView(PermissionMixin, HistoryMixin, DetailView):
    """A review report: what it will print (header, proposals, sections) and its exports."""

    permission_required = "reports.view_reviewreport"
    template_name = "reports/reviewreport_detail.html"
    history_url_name = "reports:reviewreport_history"

    def get_queryset(self):
        return _review_queryset().prefetch_related("parts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["sections"] = [
            (ReviewReport._meta.get_field(name).verbose_name, getattr(report, name))
            for name in ReviewReport.NARRATIVE
        ]
        context["jobs"] = list(report.jobs.select_related("requested_by")[:10])
        context["subject_line"] = subject_line(report)
        context["place_date"] = vietnamese_place_date(
            report.place, report.report_date or report.as_of
        )
        return context

    def get_history_related(self) -> list:
        return [
            ReviewReportIssuer.history.filter(report_id=self.object.pk),
            ReviewReportPart.history.filter(report_id=self.object.pk),
        ]


class ReviewReportStartView(PermissionMixin, View):
    """POST: start a draft review report of a kind about a program or a directive, with
    everything proposed, and open it for editing."""

    permission_required = "reports.add_reviewreport"
    http_method_names = ["post"]

    def post(self, request, subject_type: str, pk: int):
        if subject_type not in SUBJECTS:
            raise Http404
        model, kinds = SUBJECTS[subject_type]
        subject = get_object_or_404(model, pk=pk)
        # The new report answers to its subject's agencies (reports/scopes.py).
        require(request.user, ADD, ReviewReport, ReviewReport(**{subject_type: subject}))
        form = ReportRequestForm(request.POST, allowed=kinds())
        if not form.is_valid():
            messages.error(request, _("Choose which report to start."))
            return HttpResponseRedirect(subject.get_absolute_url())
        report = services.review_report_create(
            kind=form.cleaned_data["kind"], subject=subject, created_by=request.user
        )
        messages.info(request, REVIEW_STARTED)
        return HttpResponseRedirect(reverse("reports:reviewreport_update", args=[report.pk]))


class ReviewReportUpdateView(EditView, UpdateView):
    """Edit a draft: the proposals, the issuing bodies with their signers, the results parts and
    the narrative. A final report is not editable (the service refuses it)."""

    permission_required = "reports.change_reviewreport"
    form_class = ReviewReportForm
    template_name = "reports/reviewreport_form.html"
    formset_classes = {"issuers": IssuerFormSet, "parts": PartFormSet}
    success_message = REVIEW_SAVED
    success_name = "report"

    def get_queryset(self):
        return _review_queryset()

    def save(self, form, issuers, parts):
        data = {name: form.cleaned_data[name] for name in ReviewReportForm.Meta.fields}
        return services.review_report_update(
            report=self.object,
            expected_version=form.cleaned_data.get("version"),
            issuers=[
                {**row.cleaned_data}
                for row in issuers.forms
                if row.cleaned_data and not row.cleaned_data.get("DELETE")
            ],
            parts=[
                {**row.cleaned_data, "id": row.instance.pk}
                for row in parts.forms
                if row.cleaned_data and not row.cleaned_data.get("DELETE")
            ],
            **data,
        )


class ReviewReportFinalizeView(EditView, UpdateView):
    """Mark a draft final with its number and date (managers)."""

    permission_required = "reports.finalize_reviewreport"
    form_class = ReviewReportFinalizeForm
    template_name = "reports/reviewreport_finalize.html"
    success_message = REVIEW_FINAL
    success_name = "report"
    queryset = ReviewReport.objects.with_related()

    def save(self, form):
        return services.review_report_finalize(
            report=self.object,
            number=form.cleaned_data["number"],
            report_date=form.cleaned_data["report_date"],
            expected_version=form.cleaned_data.get("version"),
        )


class ReviewReportExportView(PermissionMixin, SingleObjectMixin, View):
    """POST: render the report as it stands through a report job; on to the job's page."""

    permission_required = EXPORT_PERMISSION
    http_method_names = ["post"]
    queryset = ReviewReport.objects.with_related()

    def post(self, request, *args, **kwargs):
        report = self.get_object()
        job, created = services.review_report_export(report=report, requested_by=request.user)
        messages.info(request, REVIEW_EXPORT_QUEUED if created else REQUEST_EXISTS)
        return HttpResponseRedirect(job.get_absolute_url())
