"""The team of an event: co-organisers chosen among the community's engaged members.

The organiser and the community's pair add and remove them (events/rules.py
says who may ask); these services check the data: a community's event, not
cancelled, a person of its engaged circle, not already on the team. The
person is told in the app (and by e-mail, as they prefer).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import audit
from communities.models import Circle
from notifications import services as notifications
from roles.cache import forget
from roles.predicates import circle_of

from .. import kinds
from ..models import Event, EventCoOrganiser
from ._common import _locked_event


def _audit(event: Event, person, change: str, *, actor) -> None:
    """One entry per change of the team: who changed it, whom, which event."""
    audit.record(
        audit.Action.EVENT_TEAM_CHANGED, actor=actor, community_id=event.community_id,
        target=person, details={"event": event.pk, "change": change},
    )


def _tell(event: Event, person, kind: str, *, actor) -> None:
    notifications.notify(
        [person], kind, actor=actor, community=event.community,
        url=event.get_absolute_url(), data={"event": event.title},
    )


def co_organiser_add(*, event: Event, person, actor) -> EventCoOrganiser:
    """Put an engaged member of the event's community on its team."""
    with transaction.atomic():
        locked = _locked_event(event.pk)
        if locked.community_id is None:
            raise ValidationError(
                _("An institution-wide event has no community team: nobody can be added."),
                code="no_community",
            )
        if locked.is_cancelled:
            raise ValidationError(_("The event is cancelled: its team no longer changes."),
                                  code="cancelled")
        if person.pk == locked.organiser_id:
            raise ValidationError(_("%(name)s organises the event already.") % {"name": person},
                                  code="is_organiser")
        if circle_of(person, locked.community) != Circle.ENGAGED:
            raise ValidationError(
                _("%(name)s is not in the engaged circle of %(community)s: only engaged "
                  "members co-organise its events.")
                % {"name": person, "community": locked.community.name},
                code="not_engaged",
            )
        if EventCoOrganiser.objects.filter(event=locked, person=person).exists():
            raise ValidationError(_("%(name)s is on the team already.") % {"name": person},
                                  code="already")
        member = EventCoOrganiser.objects.create(event=locked, person=person, added_by=actor)
        forget(person)
        _audit(locked, person, "added", actor=actor)
        _tell(locked, person, kinds.CO_ORGANISER_ADDED, actor=actor)
        return member


def co_organiser_remove(*, event: Event, person, actor) -> None:
    """Take someone off the team; they are told."""
    with transaction.atomic():
        locked = _locked_event(event.pk)
        deleted, _rows = EventCoOrganiser.objects.filter(event=locked, person=person).delete()
        if not deleted:
            raise ValidationError(_("%(name)s is not on the team.") % {"name": person},
                                  code="not_on_team")
        forget(person)
        _audit(locked, person, "removed", actor=actor)
        _tell(locked, person, kinds.CO_ORGANISER_REMOVED, actor=actor)
