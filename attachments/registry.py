"""Which records take attachments: programs, directives, meetings and review reports (the signed
scan of a final report). A model joins with one line here and ``{% attachments_for object %}``
on its page."""

from django.apps import apps
from django.db import models

ATTACHABLE = (
    "programs.program",
    "directives.directive",
    "programs.reviewmeeting",
    "reports.reviewreport",
)


def is_attachable(model: type[models.Model] | models.Model) -> bool:
    return model._meta.label_lower in ATTACHABLE


def attachable_model(label: str) -> type[models.Model] | None:
    """The model named ``label`` ("programs.program") when it takes attachments."""
    if label not in ATTACHABLE:
        return None
    return apps.get_model(label)
