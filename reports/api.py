"""API endpoint for report jobs: read them, and request one (queued like the page's export
button; poll the job until ``status`` is done, then fetch ``download_url``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from directives.models import Directive
from programs.models import Program

from .filters import ReportJobFilterSet
from .models import ReportJob, ReportKind
from .services import report_request

EXPORT_PERMISSION = "reports.export_report"
SUBJECT_NEEDED = _("Give either a program or a directive.")


class ReportJobSerializer(serializers.ModelSerializer):
    program = serializers.PrimaryKeyRelatedField(
        queryset=Program.objects.all(), required=False, allow_null=True
    )
    directive = serializers.PrimaryKeyRelatedField(
        queryset=Directive.objects.all(), required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    requested_by = serializers.CharField(
        source="requested_by.get_username", read_only=True, default=None
    )
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "program",
            "directive",
            "parameters",
            "status",
            "progress",
            "error",
            "size",
            "pages",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = [
            "parameters",
            "status",
            "progress",
            "error",
            "size",
            "pages",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_validators(self):
        return []

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, job) -> str | None:
        if job.status != "done" or not job.file:
            return None
        return reverse("reports:reportjob_download", args=[job.pk])

    def validate(self, attrs):
        if bool(attrs.get("program")) == bool(attrs.get("directive")):
            raise serializers.ValidationError({"program": [SUBJECT_NEEDED]})
        return attrs


class ReportJobViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Report jobs (managers): list and read them, request a report."""

    queryset = ReportJob.objects.with_related().order_by("-created_at", "-pk")
    serializer_class = ReportJobSerializer
    filterset_class = ReportJobFilterSet
    permission_actions = {"POST": EXPORT_PERMISSION}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        job, created = report_request(
            kind=data["kind"],
            subject=data.get("program") or data.get("directive"),
            requested_by=request.user,
        )
        return Response(
            self.get_serializer(job).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
