from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What several apps share: text normalisation, identifiers, collation, roles, base views."""

    name = "core"
    verbose_name = _("Shared")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.utils.module_loading import autodiscover_modules

        from . import admin_widgets, collation, middleware, names, pagecache, roles

        admin_widgets.install()
        names.install()
        user_logged_in.connect(middleware.stamp_session)

        # What each app contributes to the shared pages, without core importing the apps:
        # its search sources (``<app>/search.py``) and its home-page panels and related
        # items on other apps' pages (``<app>/panels.py``), the choices their forms load on
        # demand (``<app>/autocomplete.py``).
        autodiscover_modules("search", "panels", "autocomplete")
        connection_created.connect(collation.register_sqlite_collation)
        post_migrate.connect(roles.sync_role_groups, sender=self)
        # Every committed write forgets the cached pages (core.pagecache).
        pagecache.connect_signals()
