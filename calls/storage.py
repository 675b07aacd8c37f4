"""Where applications' documents are kept: outside MEDIA_ROOT, never served
as static files; only the application's page hands them out, after asking
the rule (calls.view_application)."""

from django.conf import settings

from terreau.storage import PrivateStorage


def private_storage():
    return PrivateStorage("CALLS_PRIVATE_ROOT", settings.BASE_DIR / "var" / "private")
