"""The coaching thread's writes and reads (the gardeners app's only model).

`coaching_note_add` checks the note (text, attachment type and size) and
tells the other side after commit: a note by the pair reaches the
cultivator, a note by the cultivator (or staff) reaches the pair.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.services import notify
from roles import selectors as roles
from roles.predicates import is_gardener_of

from .kinds import COACHING_NOTE
from .models import CoachingNote

MAX_TEXT = 5000
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# Documents and pictures one shares when coaching: no executables, no archives.
ALLOWED_SUFFIXES = (".pdf", ".odt", ".ods", ".docx", ".xlsx", ".txt", ".png", ".jpg", ".jpeg")


def _check_attachment(attachment) -> None:
    suffix = PurePath(attachment.name or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError(
            _("This type of file cannot be attached (%(suffix)s). Allowed: %(allowed)s.")
            % {"suffix": suffix or _("no extension"), "allowed": ", ".join(ALLOWED_SUFFIXES)},
            code="attachment_type",
        )
    if attachment.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); at most %(max)s MB.")
            % {"size": round(attachment.size / 1024 / 1024, 1),
               "max": MAX_ATTACHMENT_BYTES // 1024 // 1024},
            code="attachment_size",
        )


def coaching_note_add(*, community, author, text: str, attachment=None) -> CoachingNote:
    """Add a note to the community's thread and tell the other side."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the note."), code="empty")
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("A note is at most %(max)s characters.") % {"max": MAX_TEXT}, code="too_long"
        )
    if attachment is not None:
        _check_attachment(attachment)
    with transaction.atomic():
        note = CoachingNote(community=community, author=author, text=text)
        if attachment is not None:
            note.attachment_name = PurePath(attachment.name).name[:200]
            note.attachment.save(attachment.name, attachment, save=False)
        note.save()
        if is_gardener_of(author, community):
            others = list(roles.cultivators())
        else:
            others = roles.gardeners_of(community)
        notify(
            others, COACHING_NOTE, actor=author, community=community,
            url=reverse("gardeners:coaching", kwargs={"slug": community.slug}),
            data={"author": str(author), "community": community.name},
        )
    return note


def coaching_notes(community) -> QuerySet[CoachingNote]:
    """The thread, oldest first, with the authors: one query."""
    return CoachingNote.objects.filter(community=community).select_related("author")


def coaching_note(community, note_id: int) -> CoachingNote | None:
    return CoachingNote.objects.filter(community=community, pk=note_id).first()
