"""Where the processes' published documents are kept: outside MEDIA_ROOT,
never served as static files; only the document's view hands them out,
after asking the rule (processes.view_process: a draft's documents stay
with its leads)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(getattr(settings, "PROCESSES_PRIVATE_ROOT",
                           settings.BASE_DIR / "var" / "private" / "processes"))

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_storage():
    return PrivateStorage()
