"""Where applications' documents are kept: outside MEDIA_ROOT, never served
as static files; only the application's page hands them out, after asking
the rule (calls.view_application)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(getattr(settings, "CALLS_PRIVATE_ROOT", settings.BASE_DIR / "var" / "private"))

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_storage():
    return PrivateStorage()
