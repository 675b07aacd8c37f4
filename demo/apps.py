from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed for its `seed_demo` command only: no models, no URLs."""

    name = "demo"
