"""API endpoints for programs (with their signing parties), tasks, progress updates and review
meetings. Writes go through :mod:`programs.services` / :func:`core.services.record_save`."""

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from agencies.models import Agency, Official
from core import scopes
from core.access import ADD, reason
from core.api import RecordSerializer, RecordViewSet, VersionField

from . import services
from .filters import ProgramFilterSet, ReviewMeetingFilterSet
from .models import Program, ReviewMeeting, Signatory, Task, TaskStatus, TaskUpdate
from .scopes import program_agencies


class PartySerializer(serializers.ModelSerializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    official = serializers.PrimaryKeyRelatedField(
        queryset=Official.objects.all(), required=False, allow_null=True
    )
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    official_name = serializers.CharField(source="official.full_name", read_only=True, default=None)

    class Meta:
        model = Signatory
        fields = ["agency", "agency_name", "official", "official_name", "title"]
        extra_kwargs = {"title": {"required": False}}


class ProgramSerializer(RecordSerializer):
    version = VersionField()
    parties = PartySerializer(many=True, source="signatories", required=False)
    # A plain string, not a second enum of the same choices (one schema enum for "status").
    current_status = serializers.CharField(
        read_only=True,
        help_text="Today's status (a value of status): the one set by hand, else the one the "
        "period gives.",
    )

    class Meta:
        model = Program
        fields = [
            "id",
            "identifier",
            "kind",
            "title",
            "signed_on",
            "period_start",
            "period_end",
            "status",
            "status_set_by_hand",
            "current_status",
            "interim_review_on",
            "interim_review_by_hand",
            "final_review_on",
            "final_review_by_hand",
            "summary",
            "based_on",
            "predecessor",
            "parties",
            "version",
        ]
        extra_kwargs = {"based_on": {"required": False}}
        read_only_fields = ["interim_review_by_hand", "final_review_by_hand"]

    def save_record(self, instance, validated_data):
        parties = validated_data.pop("signatories", None)
        based_on = validated_data.pop("based_on", None)
        expected = validated_data.pop("version", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        # A review date sent is set by hand unless it is the one the period gives; null
        # returns it to the period's (Program.apply_review_schedule), as in the form.
        interim, final = instance.scheduled_reviews()
        for name, on_period in (("interim_review", interim), ("final_review", final)):
            if f"{name}_on" in validated_data:
                value = validated_data[f"{name}_on"]
                setattr(instance, f"{name}_by_hand", value is not None and value != on_period)
        if instance.pk is None:
            # A new program answers to its parties (core/scopes.py).
            scopes.propose(
                instance, [row["agency"].pk for row in parties or () if row.get("agency")]
            )
        self.allowed(instance)
        if instance.pk is None and parties is None:
            parties = []  # a new program without parties is refused by the service
        changed, removed = (
            services.party_changes(instance, parties) if parties is not None else ([], [])
        )
        request = self.context.get("request")
        return services.program_save(
            program=instance,
            related={"based_on": based_on} if based_on is not None else None,
            parties=changed,
            removed_parties=removed,
            expected_version=expected,
            user=getattr(request, "user", None),
        )


class TaskSerializer(RecordSerializer):
    version = VersionField()
    lead_agency_name = serializers.CharField(
        source="lead_agency.name", read_only=True, default=None
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "program",
            "title",
            "description",
            "lead_agency",
            "lead_agency_name",
            "coordinating_agencies",
            "due_on",
            "recurrence",
            "status",
            "progress",
            "weight",
            "completed_on",
            "order",
            "version",
        ]
        extra_kwargs = {"coordinating_agencies": {"required": False}}


class TaskUpdateSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_username", read_only=True, default=None)

    class Meta:
        model = TaskUpdate
        fields = ["id", "task", "reported_on", "progress", "note", "author", "created_at"]
        read_only_fields = ["author", "created_at"]

    def get_validators(self):
        return []

    def create(self, validated_data):
        request = self.context.get("request")
        # The update answers to its task's agencies (programs/scopes.py).
        why = reason(
            getattr(request, "user", None), ADD, TaskUpdate, TaskUpdate(task=validated_data["task"])
        )
        if why is not None:
            raise PermissionDenied(why)
        return services.task_record_progress(
            task=validated_data["task"],
            reported_on=validated_data["reported_on"],
            progress=validated_data["progress"],
            note=validated_data.get("note", ""),
            author=getattr(request, "user", None),
        )


class ReviewMeetingSerializer(RecordSerializer):
    version = VersionField()

    def save_record(self, instance, validated_data):
        plain, related = self.split(validated_data)
        for name, value in plain.items():
            setattr(instance, name, value)
        chosen = [*related.get("programs", ()), *related.get("signed_programs", ())]
        if instance.pk is None and chosen:
            # A new meeting about programs answers to their agencies (programs/scopes.py).
            scopes.propose(instance, program_agencies(program.pk for program in chosen))
        self.allowed(instance)
        request = self.context.get("request")
        return services.reviewmeeting_save(
            meeting=instance,
            related=related,
            expected_version=validated_data.get("version"),
            user=getattr(request, "user", None),
        )

    class Meta:
        model = ReviewMeeting
        fields = [
            "id",
            "kind",
            "title",
            "held_on",
            "place",
            "format",
            "connection_points",
            "reviewed_from",
            "reviewed_to",
            "programs",
            "directives",
            "chairs",
            "participants",
            "conclusions",
            "approved_report",
            "signed_programs",
            "version",
        ]
        extra_kwargs = {
            name: {"required": False}
            for name in ("programs", "directives", "chairs", "participants", "signed_programs")
        }


class TaskFilterSet(django_filters.FilterSet):
    """Tasks by program, lead agency and status (the program page lists them)."""

    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)

    class Meta:
        model = Task
        fields = ["program", "lead_agency", "status"]


class TaskUpdateFilterSet(django_filters.FilterSet):
    class Meta:
        model = TaskUpdate
        fields = ["task"]


class ProgramViewSet(RecordViewSet):
    """Coordination programs with their signing parties; filters as on the program list."""

    queryset = Program.objects.prefetch_related(
        Prefetch(
            "signatories",
            queryset=Signatory.objects.select_related("agency", "official").order_by("order"),
        ),
        "based_on",
    ).order_by("pk")
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilterSet


class TaskViewSet(RecordViewSet):
    queryset = (
        Task.objects.select_related("lead_agency")
        .prefetch_related("coordinating_agencies")
        .order_by("pk")
    )
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet


class TaskUpdateViewSet(RecordViewSet):
    """Progress updates: read and record (an update moves its task's progress and status)."""

    queryset = TaskUpdate.objects.select_related("author").order_by("-reported_on", "-pk")
    serializer_class = TaskUpdateSerializer
    filterset_class = TaskUpdateFilterSet
    http_method_names = ["get", "post", "head", "options"]


class ReviewMeetingViewSet(RecordViewSet):
    """Review meetings; filters as on the meeting list."""

    queryset = ReviewMeeting.objects.prefetch_related(
        "programs", "directives", "chairs", "participants", "signed_programs"
    ).order_by("pk")
    serializer_class = ReviewMeetingSerializer
    filterset_class = ReviewMeetingFilterSet
