from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """The top floor's dashboards: they read the other apps through their selectors.

    No models and no verbose name: the app shows nowhere in the admin. It also
    sends the elected officials' monthly digest (elected_digest.py), a reading
    of the same apps.
    """

    name = "insights"

    def ready(self):
        from .kinds import register_kinds

        register_kinds()
