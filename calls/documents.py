"""What an application's attachment may be: PDF, ODT, DOCX, PNG or JPEG,
read from its bytes (terreau/uploads.py); over 10 MB refused."""

from __future__ import annotations

from terreau import uploads
from terreau.uploads import MAX_BYTES, TYPES, sniff

__all__ = ["MAX_BYTES", "TYPES", "check", "sniff"]


def check(upload) -> str:
    """The content type of an accepted upload, or a ValidationError saying why not."""
    return uploads.check(upload, uploads.DOCUMENTS_AND_IMAGES)
