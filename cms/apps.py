from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site pages")

    def ready(self):
        from . import signals  # noqa: F401 - connects the footer cache's receivers
        from .search import register_sqlite_fold

        # Site search folds accents in SQL (cms.search.Folded): SQLite needs
        # the Python function on each new connection.
        connection_created.connect(register_sqlite_fold, dispatch_uid="cms-sqlite-fold")
