"""API endpoints for agencies and officials (with their positions)."""

from django.db.models import Prefetch
from rest_framework import serializers

from core.api import RecordSerializer, RecordViewSet

from .filters import AgencyFilterSet, OfficialFilterSet
from .models import Agency, Official, Position


class AgencySerializer(RecordSerializer):
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)
    successor_name = serializers.CharField(source="successor.name", read_only=True, default=None)

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "parent",
            "parent_name",
            "valid_from",
            "valid_to",
            "successor",
            "successor_name",
            "notes",
        ]


class PositionSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Position
        fields = ["id", "agency", "agency_name", "title", "start_date", "end_date", "order"]
        read_only_fields = fields


class OfficialSerializer(RecordSerializer):
    positions = PositionSerializer(many=True, read_only=True)

    class Meta:
        model = Official
        fields = ["id", "full_name", "notes", "positions"]


class AgencyViewSet(RecordViewSet):
    """Agencies (cơ quan, đơn vị); filters as on the agency list (``q``, ``kind``,
    ``in_force_on``). Written by administrators."""

    queryset = Agency.objects.select_related("parent", "successor").order_by("pk")
    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet


class OfficialViewSet(RecordViewSet):
    """Officials (cán bộ) with their positions; filters as on the official list."""

    queryset = Official.objects.prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("agency"))
    ).order_by("pk")
    serializer_class = OfficialSerializer
    filterset_class = OfficialFilterSet
