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


@transaction.atomic
def document_publish(*, process: Process, actor, kind: str, title: str, dated_on: dt.date,
                     upload) -> ProcessDocument:
    """Publish a dated document on the process. Refused: no title, an unknown
    kind, a file that is not PDF/ODT/DOCX by its content, or over 10 MB;
    anyone but the managers and (minutes only) the facilitators."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ValidationError(_("Give the document a title."),
                                                        code="required")})
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
        process=process, kind=kind, title=title[:200], dated_on=dated_on,
        filename=upload.name[-255:], content_type=content_type, size=upload.size,
        published_by=actor,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    return document
