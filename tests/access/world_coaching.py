"""The access matrix's objects for issue #16: a coaching note with an
attachment, a past (revoked) invitation of the cultivator (an active one
would change every answer of the cultivator's column) and an elected official."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gardeners.coaching import coaching_note_add
from roles import services as role_services
from tests.factories import UserFactory


def build_coaching(people, o) -> dict:
    community, gardener = o["community"], people["gardener"]
    note = coaching_note_add(
        community=community, author=people["cultivator"], text="Un conseil pour la rentrée.",
        attachment=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", "application/pdf"),
    )
    invitation = role_services.contributor_invite(
        community=community, person=people["cultivator"], actor=gardener
    )
    role_services.contributor_revoke(invitation=invitation, actor=gardener)
    elected = UserFactory(email="elected@example.org", display_name="Élise Élue")
    role_services.elected_mark(person=elected, communities=[community], mandate="Conseillère",
                               actor=people["staff"])
    return {
        "coaching_note": note.pk,
        "contributor_invitation": invitation.pk,
        "elected_id": elected.pk,
    }
