"""Files kept outside MEDIA_ROOT: never served by the proxy, handed out only
by a view that asked its rule first (a call's documents, a process's
documents, the coaching thread's attachments).

Each app names its own setting for the root, read at each use so that tests
can move it; the default sits under var/private/ of the checkout.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self, setting: str, default: Path):
        self.setting, self.default = setting, default
        super().__init__()

    @property
    def base_location(self):
        return str(getattr(settings, self.setting, self.default))

    @property
    def location(self):
        return os.path.abspath(self.base_location)
