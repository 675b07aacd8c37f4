from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site pages")

    def ready(self):
        # why: ready() is where an app plugs into another, once every app is loaded.
        from roles.changes import on_roles_changed

        from . import (  # noqa: F401 - signals: the footer cache's receivers
            admin_scripts,
            panels,
            privacy_hooks,
            role_groups,
            signals,
        )
        from .search import register_sqlite_fold

        # The Wagtail groups derived from roles follow every change of a role,
        # both ways (cms/role_groups.py).
        on_roles_changed("cms.role_groups", role_groups.people_sync)

        # Site search folds accents in SQL (cms.search.Folded): SQLite needs
        # the Python function on each new connection.
        connection_created.connect(register_sqlite_fold, dispatch_uid="cms-sqlite-fold")
        # Wagtail's inline initialiser scripts carry the response's nonce.
        admin_scripts.install()
        # The community story's panel on a community's home (communities/space.py).
        panels.register()
        # What the site's pages hold about their editors (accounts/personal_data.py).
        privacy_hooks.register()
