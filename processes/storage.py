"""Where the processes' published documents are kept: outside MEDIA_ROOT,
never served as static files; only the document's view hands them out,
after asking the rule (processes.view_process: a draft's documents stay
with its leads)."""

from django.conf import settings

from terreau.storage import PrivateStorage


def private_storage():
    return PrivateStorage(
        "PROCESSES_PRIVATE_ROOT", settings.BASE_DIR / "var" / "private" / "processes"
    )
