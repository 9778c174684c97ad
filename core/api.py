"""The REST API's shared pieces (docs/api.md): permissions, pagination, errors, and the
viewset base the apps' ``api.py`` modules build on. No app imports here.

- :class:`core.access.RecordPermission` asks :func:`core.access.may`, the same question the
  pages ask;
- :func:`core.api_settings.exception_handler` turns :class:`core.concurrency.EditConflict`
  into 409 with what changed, a model ``ValidationError`` into 400, a protected delete into 409;
- :class:`RecordViewSet` writes through a service (``save_record``/``delete_record``), with the
  ``version`` the client read, so a stale write is refused instead of overwriting.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from .access import ADD, CHANGE, RecordPermission, reason
from .api_settings import Pagination, exception_handler
from .services import record_delete, record_save

__all__ = ["Pagination", "RecordPermission", "exception_handler"]


class VersionField(serializers.IntegerField):
    """The ``version`` a client read: sent back with a change, compared before saving."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault(
            "help_text",
            _(
                "The version you read. A change sent with an older version is refused "
                "with 409 and the list of what changed meanwhile."
            ),
        )
        super().__init__(**kwargs)


class RecordSerializer(serializers.ModelSerializer):
    """A model serializer that validates with the model (``full_clean`` in the service, not a
    second copy of the rules) and hands many-to-many values to the service separately."""

    def get_validators(self):
        # Uniqueness and checks across fields are the model's (full_clean in the service).
        return []

    def split(self, attrs: dict) -> tuple[dict, dict]:
        """(plain fields, many-to-many fields) of validated data."""
        model = self.Meta.model
        m2m_names = {field.name for field in model._meta.many_to_many}
        plain = {k: v for k, v in attrs.items() if k not in m2m_names and k != "version"}
        m2m = {k: v for k, v in attrs.items() if k in m2m_names}
        return plain, m2m

    def create(self, validated_data):
        return self.save_record(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self.save_record(instance, validated_data)

    def allowed(self, instance) -> None:
        """Refuse (403) a write the user may not make on ``instance`` as it is about to be
        saved (new values set): :func:`core.access.may` sees the row, for scoped permissions."""
        user = getattr(self.context.get("request"), "user", None)
        action = CHANGE if instance.pk else ADD
        why = reason(user, action, type(instance), instance)
        if why is not None:
            raise PermissionDenied(why)

    def save_record(self, instance, validated_data):
        """Apply ``validated_data`` to ``instance`` and save it through the service (override
        for records with their own service)."""
        plain, m2m = self.split(validated_data)
        for name, value in plain.items():
            setattr(instance, name, value)
        self.allowed(instance)
        request = self.context.get("request")
        return record_save(
            instance,
            expected_version=validated_data.get("version"),
            m2m=m2m,
            user=getattr(request, "user", None),
            reason=self.context.get("reason", ""),
        )


class RecordViewSet(viewsets.ModelViewSet):
    """A read and write endpoint over one model: the pages' permissions, the list's FilterSet
    (``filterset_class``), deletes recorded in the history with the user."""

    def perform_destroy(self, instance):
        record_delete(instance, user=self.request.user, reason=str(_("Deleted through the API")))


class ReadOnlyRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint (records written elsewhere)."""


def unauthenticated_urls(patterns):
    """Mark API views as not needing a session sign-in (``LoginRequiredMiddleware``): they
    authenticate with a token or the session themselves and answer 401/403."""
    for pattern in patterns:
        callback = getattr(pattern, "callback", None)
        if callback is not None:
            callback.login_required = False
        else:
            unauthenticated_urls(pattern.url_patterns)
    return patterns
