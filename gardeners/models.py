"""The coaching thread: the cultivator's private notes with one community's pair.

File 004: the cultivator accompanies the pairs and helps their decisions "by
shedding light and advice". Each community has one thread, read by its pair,
the cultivator and site staff only (roles.predicates.can_coach). Notes are
kept; an attachment is stored outside MEDIA_ROOT (`COACHING_PRIVATE_ROOT`,
default var/private/) under a random name, and served only through a
permission-checked view, never as a public media address.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from terreau.storage import PrivateStorage


def coaching_storage():
    return PrivateStorage("COACHING_PRIVATE_ROOT", settings.BASE_DIR / "var" / "private")


def _attachment_path(note, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"coaching/{note.community_id}/{uuid.uuid4().hex}{suffix}"


class CoachingNote(models.Model):
    community = models.ForeignKey(
        "communities.Community", verbose_name=_("community"), on_delete=models.CASCADE,
        related_name="coaching_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )
    text = models.TextField(_("note"))
    attachment = models.FileField(_("attachment"), upload_to=_attachment_path, blank=True,
                                  storage=coaching_storage)
    # The name the author gave the file, shown and offered on download.
    attachment_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        verbose_name = _("coaching note")
        verbose_name_plural = _("coaching notes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["community", "created_at"], name="coaching_note_community_at")]

    def __str__(self):
        return f"{self.community_id}: {self.text[:40]}"
