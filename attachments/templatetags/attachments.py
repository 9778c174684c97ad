"""``{% attachments_for object %}``: a record's attached files, with the upload box for users
who may change the record."""

from django import template

from core.access import CHANGE, may

from ..forms import AttachmentForm
from ..models import Attachment

register = template.Library()


@register.inclusion_tag("attachments/_attachments.html", takes_context=True)
def attachments_for(context, record):
    user = context["request"].user
    can_change = may(user, CHANGE, type(record), record)
    return {
        "record": record,
        "label": record._meta.label_lower,
        "attachments": list(Attachment.objects.for_record(record).select_related("uploaded_by")),
        "can_change": can_change,
        "form": AttachmentForm() if can_change else None,
        "csrf_token": context.get("csrf_token"),
    }
