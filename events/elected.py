"""Inviting a community's elected officials to one of its events, as elected
officials (issue #16). The organisers press one button; each official linked
to the event's community is told once (kind `event_elected_invitation`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.services import notify
from roles.selectors import elected_officials_of

from .models import Event

KIND = "event_elected_invitation"


def event_invite_elected(*, event: Event, actor) -> int:
    """Invite the elected officials of the event's community who were not yet
    invited to it; how many were invited now."""
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(of=("self",)).select_related("community")
            .get(pk=event.pk)
        )
        if not event.is_published or event.is_cancelled or event.is_over():
            raise ValidationError(
                _("Only a published event still to come can be announced to elected officials."),
                code="not_published",
            )
        people = [official.person for official in elected_officials_of(event.community)]
        if not people:
            raise ValidationError(
                _("No elected official follows %(community)s yet.")
                % {"community": event.community.name},
                code="no_elected",
            )
        already = set(
            Notification.objects.filter(
                kind=KIND, data__event_id=event.pk, recipient__in=people
            ).values_list("recipient_id", flat=True)
        )
        invited = [p for p in people if p.pk not in already]
        if not invited:
            raise ValidationError(
                _("Every elected official of %(community)s is already invited.")
                % {"community": event.community.name},
                code="already_invited",
            )
        notify(
            invited, KIND, actor=actor, community=event.community, url=event.get_absolute_url(),
            data={"event_id": event.pk, "event": event.title, "community": event.community.name},
        )
    return len(invited)
