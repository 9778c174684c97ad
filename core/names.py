"""Names the admin shows that other packages write in English only, given in the active
language (issue 16: no English left in the Vietnamese admin). :func:`install` runs once, from
``CoreConfig.ready``:

- django-axes' app ("Axes") and its sign-in records ("Access Log for admin @ …"), whose names
  are not marked for translation;
- the tables Django makes for many-to-many fields ("reviewmeeting-program relationship",
  listed when a record is deleted), named from both ends' verbose names.
"""

from django.apps import apps
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _sign_in_record(record) -> str:
    when = date_format(record.attempt_time, "SHORT_DATETIME_FORMAT") if record.attempt_time else ""
    return gettext("Sign-in by %(user)s at %(time)s") % {"user": record.username, "time": when}


def install() -> None:
    if apps.is_installed("axes"):
        apps.get_app_config("axes").verbose_name = _("Sign-in records")
        for name in ("AccessAttempt", "AccessFailureLog", "AccessLog"):
            apps.get_model("axes", name).__str__ = _sign_in_record
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.auto_created:
            continue
        ends = [field.related_model._meta for field in meta.fields if field.is_relation]
        if len(ends) != 2:
            continue
        meta.verbose_name = format_lazy(
            _("link {source} – {target}"), source=ends[0].verbose_name, target=ends[1].verbose_name
        )
        meta.verbose_name_plural = format_lazy(
            _("links {source} – {target}"), source=ends[0].verbose_name, target=ends[1].verbose_name
        )
