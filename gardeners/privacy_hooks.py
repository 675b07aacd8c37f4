"""What the coaching thread holds about a person (see accounts/personal_data.py):
the notes they wrote to a community's pair or to the cultivator, and their
attachments.

A note is part of the thread both sides rely on: it stays, signed "former
member", when its author's account is erased (as messages and letter
sections do)."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import CoachingNote


def export(person) -> dict:
    return {"coaching_notes": [
        {"community": note.community.name, "text": note.text,
         "attachment": note.attachment_name or None, "at": note.created_at.isoformat()}
        for note in CoachingNote.objects.filter(author=person).select_related("community")
        .order_by("created_at", "pk")
    ]}


def erase(person) -> None:
    CoachingNote.objects.filter(author=person).update(author=personal_data.former_member())


def register() -> None:
    personal_data.register(personal_data.Holder(
        key="coaching",
        title=_("Coaching thread"),
        export=export,
        erase=erase,
        covers=("gardeners.CoachingNote.author",),
        processings=(personal_data.Processing(
            name=_("Coaching of the gardener pairs"),
            data=_("The notes and attachments you write in a community's coaching thread."),
            purpose=_("Let the cultivator advise each pair, privately."),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_(
                "As long as the community exists; when your account is erased your notes "
                "are signed “former member”."
            ),
        ),),
    ))
