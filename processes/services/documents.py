"""Documents published on a process by its leads, and workshop minutes by its
facilitators (issue #17, items 2 and 3)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import uploads
from ..document_models import ProcessDocument
from ..models import Process

# The columns' lengths (document_models.ProcessDocument).
TITLE_MAX = 200
FILENAME_MAX = 255


def document_publish(*, process: Process, actor, kind: str, title: str, dated_on: dt.date,
                     upload) -> ProcessDocument:
    """Publish a dated document on the process. Refused, writing nothing: no
    title, or one over 200 characters; an unknown kind; anyone but the
    managers and (minutes only) the facilitators; a file that is not
    PDF/ODT/DOCX by its content, or over 10 MB."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ValidationError(_("Give the document a title."),
                                                        code="required")})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": ValidationError(
            _("A title has %(max)d characters at most.") % {"max": TITLE_MAX},
            code="too_long")})
    if kind not in ProcessDocument.Kind.values:
        raise ValidationError({"kind": ValidationError(_("Choose what the document is."),
                                                       code="invalid")})
    if not actor.has_perm("processes.publish_document", process):
        raise ValidationError(_("You are not allowed to do this for this process."),
                              code="forbidden")
    if kind != ProcessDocument.Kind.MINUTES and not actor.has_perm("processes.manage_process",
                                                                    process):
        raise ValidationError({"kind": ValidationError(
            _("A facilitator publishes workshop minutes only."), code="minutes_only")})
    try:
        content_type = uploads.check(upload)
    except ValidationError as error:
        raise ValidationError({"file": error}) from None
    document = ProcessDocument(
        process=process, kind=kind, title=title, dated_on=dated_on,
        filename=upload.name[-FILENAME_MAX:], content_type=content_type, size=upload.size,
        published_by=actor,
    )
    with transaction.atomic():
        document.file.save(upload.name, upload, save=False)
        document.save()
    return document
