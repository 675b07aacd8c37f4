"""What an uploaded file is, read from its bytes: PDF, ODT, DOCX, PNG or
JPEG. The name's extension must agree with the content; neither alone is
trusted. Over 10 MB is refused before anything is read.

Each app says which kinds it accepts: calls' attachments take documents and
images (calls/documents.py), a process's published documents only documents
(processes/uploads.py)."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
EXTENSIONS = {"pdf": "pdf", "odt": "odt", "docx": "docx", "png": "png", "jpg": "jpeg",
              "jpeg": "jpeg"}
DOCUMENTS = frozenset({"pdf", "odt", "docx"})
DOCUMENTS_AND_IMAGES = DOCUMENTS | {"png", "jpeg"}


def sniff(upload) -> str | None:
    """The type the bytes say ("pdf", "odt", ...), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == TYPES["odt"].encode():
                    return "odt"
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    return "docx"
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
    return None


def _refusals(kinds: frozenset) -> tuple[str, str]:
    if kinds == DOCUMENTS:
        return (_("Only PDF, ODT and DOCX files are accepted."),
                _("This file's content does not match its name (.%(extension)s): "
                  "only PDF, ODT and DOCX files are accepted."))
    return (_("Only PDF, ODT, DOCX, PNG and JPEG files are accepted."),
            _("This file's content does not match its name (.%(extension)s): "
              "only PDF, ODT, DOCX, PNG and JPEG files are accepted."))


def check(upload, kinds: frozenset = DOCUMENTS_AND_IMAGES) -> str:
    """The content type of an accepted upload, or a ValidationError saying why not."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; the limit is 10 MB.")
            % {"size": f"{upload.size / (1024 * 1024):.1f}"},
            code="too_large",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    claimed = EXTENSIONS.get(extension)
    found = sniff(upload)
    wrong_type, mismatch = _refusals(kinds)
    if claimed not in kinds or found not in kinds:
        raise ValidationError(wrong_type, code="wrong_type")
    if claimed != found:
        raise ValidationError(mismatch % {"extension": extension}, code="type_mismatch")
    return TYPES[found]
