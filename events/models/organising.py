"""What organising an event keeps: the messages written to its registrants,
who was told of it (the invitations), and its team of co-organisers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.models import Circle

from .events import Event


class EventMessage(models.Model):
    """One message an organiser wrote to every registrant; kept as a record."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=160)
    body = models.TextField(_("message"), max_length=5000)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-sent_at", "-id"]


class EventInvitation(models.Model):
    """A member (or a follower of the community, for an event open to everyone)
    told that an event was published for them (events/kinds.py ANNOUNCED).

    One row per event and person, written with the notification: it is why
    nobody is told twice (a second publication or an edit widening the
    circles tells only people without a row), and it keeps the circle the
    person was in, for the conversion the pair reads on the event's page.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_invitations"
    )
    # The circle the member was in; empty for a follower of the community who
    # is not a member (told of an event open to everyone, announcing.py).
    circle = models.PositiveSmallIntegerField(
        _("circle"), choices=Circle.choices, null=True, blank=True
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation to an event")
        verbose_name_plural = _("invitations to events")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_invitation_once"),
        ]


class EventCoOrganiser(models.Model):
    """An engaged member of the community on the event's team: added by the pair
    or the organiser, they edit the event, see its registrants and write to
    them (events/rules.py)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="co_organisers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("co-organiser"), on_delete=models.CASCADE,
        related_name="co_organised_events",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-organiser")
        verbose_name_plural = _("co-organisers")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="event_co_organiser_once"),
        ]

    def __str__(self):
        return f"{self.person} · {self.event}"
