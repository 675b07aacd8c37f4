from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """The top floor's dashboards: they read the other apps through their selectors.

    No models and no verbose name: the app shows nowhere in the admin.
    """

    name = "insights"
