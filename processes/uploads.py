"""What a document published on a process may be: PDF, ODT or DOCX, without
images (a brief, minutes, a report), read from its bytes
(terreau/uploads.py); over 10 MB refused."""

from __future__ import annotations

from terreau import uploads
from terreau.uploads import MAX_BYTES, sniff

__all__ = ["MAX_BYTES", "TYPES", "check", "sniff"]

TYPES = {kind: uploads.TYPES[kind] for kind in sorted(uploads.DOCUMENTS)}


def check(upload) -> str:
    """The content type of an accepted upload, or a ValidationError saying why not."""
    return uploads.check(upload, uploads.DOCUMENTS)
