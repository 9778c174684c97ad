"""API endpoint for directives (links are read here and edited on the directive page)."""

from rest_framework import serializers

from core.api import RecordSerializer, RecordViewSet, VersionField

from .filters import DirectiveFilterSet
from .models import Directive, DirectiveLink
from .services import directive_save


class DirectiveLinkSerializer(serializers.ModelSerializer):
    target_identifier = serializers.CharField(source="target.identifier", read_only=True)

    class Meta:
        model = DirectiveLink
        fields = ["kind", "target", "target_identifier", "note"]
        read_only_fields = fields


class DirectiveSerializer(RecordSerializer):
    version = VersionField()
    issuing_body_name = serializers.CharField(
        source="issuing_body.name", read_only=True, default=None
    )
    links = DirectiveLinkSerializer(source="outgoing_links", many=True, read_only=True)

    class Meta:
        model = Directive
        fields = [
            "id",
            "identifier",
            "type_name",
            "issuing_body",
            "issuing_body_name",
            "issued_on",
            "title",
            "summary",
            "status",
            "links",
            "version",
        ]

    def save_record(self, instance, validated_data):
        expected = validated_data.pop("version", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        self.allowed(instance)
        request = self.context.get("request")
        return directive_save(
            directive=instance, expected_version=expected, user=getattr(request, "user", None)
        )


class DirectiveViewSet(RecordViewSet):
    """Directives (văn bản chỉ đạo); filters as on the directive list (``q`` reads identifiers
    in any spelling and citations such as "NQ 25")."""

    queryset = (
        Directive.objects.select_related("issuing_body")
        .prefetch_related("outgoing_links__target")
        .order_by("pk")
    )
    serializer_class = DirectiveSerializer
    filterset_class = DirectiveFilterSet
