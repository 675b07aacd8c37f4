"""Writes of a funded project's links: the community it lives in and events
of that community. Who may is checked by the views (calls.link_project in
calls/rules.py); what may be linked is checked here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Application


def project_link(*, application: Application, community, events=()) -> Application:
    """Link a funded project to `community` (None: unlink, events too) and to
    `events`, which must be published events of that community."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        funded = (application.status == Application.Status.DECIDED
                  and application.decision == "funded")
        if not funded:
            raise ValidationError(_("Only a funded project can be linked to a community."),
                                  code="not_funded")
        events = list(events)
        if community is None and events:
            raise ValidationError(_("Choose the community first: its events come with it."),
                                  code="events_without_community")
        # Events come only with a community (refused above without one).
        strangers = [event for event in events
                     if event.community_id != community.pk or event.state != "published"]
        if strangers:
            raise ValidationError(
                _("“%(title)s” is not a published event of this community.")
                % {"title": strangers[0].title}, code="foreign_event")
        application.community = community
        application.save(update_fields=["community", "updated_at"])
        application.events.set(events)
        return application
