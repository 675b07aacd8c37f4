"""Real-time discussion channels of a community.

A message is a row before it is anything else: the WebSocket broadcast is a
notification of a stored fact, never the fact itself (docs/realtime.md).
Nothing here is ever hard-deleted by members: a deleted message keeps its
place in the history (its text is erased), a hidden one keeps its text for
its author and the gardeners.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.models import Circle, Community
from terreau.fields import NameField


class Channel(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="channels"
    )
    name = NameField(_("name"), max_length=80)
    min_circle = models.PositiveSmallIntegerField(
        _("open from"),
        choices=Circle.choices,
        default=Circle.CITIZENS,
        help_text=_("Members of this circle and closer to the core can read and write."),
    )
    is_general = models.BooleanField(_("general channel"), default=False)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The channel's change counter: every post, edit, delete or hide of one of
    # its messages takes the next number, under this row's lock, and stamps
    # it on the message (Message.seq). A client that holds every change up
    # to N asks for the messages whose seq is above N (docs/realtime.md).
    last_seq = models.BigIntegerField(_("last change"), default=0, editable=False)
    # How many of its messages are neither deleted nor hidden: +1 by each post,
    # -1 when one is deleted or hidden, in the same statement that takes the
    # change number. A person's unread count is this minus their
    # ReadState.seen_count (docs/performance.md, "Unread counts").
    message_count = models.BigIntegerField(_("messages"), default=0, editable=False)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["-is_general", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(is_general=True),
                name="discussions_one_general_channel",
            ),
            models.UniqueConstraint(
                Lower("name"), "community", name="discussions_channel_name_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def group_name(self) -> str:
        return f"discussions.channel.{self.pk}"

    def get_absolute_url(self):
        return reverse(
            "discussions:detail", kwargs={"slug": self.community.slug, "channel_id": self.pk}
        )


class Message(models.Model):
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="discussion_messages",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(_("why it was hidden"), blank=True)
    # The channel's sequence number of this message's latest change (its post,
    # then each edit, delete, hide): the services set it, never anyone else.
    seq = models.BigIntegerField(_("change number"), default=0, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["channel", "id"]),
            models.Index(fields=["channel", "seq"], name="discussions_message_seq"),
            # Messages written since a date, per channel: the overview's and the
            # dashboard's activity read only the recent ones (docs/performance.md).
            models.Index(fields=["channel", "created_at"], name="discussions_message_recent"),
            # A person's unread messages of a channel: the range after their last
            # read, read from the index alone (selectors._with_unread).
            models.Index(
                fields=["channel", "id"], include=["author"],
                condition=Q(deleted_at__isnull=True, hidden_at__isnull=True),
                name="discussions_message_unread",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.body[:40]}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Mention(models.Model):
    """Someone named with @ in a message: their in-app notification."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_mentions"
    )
    seen_at = models.DateTimeField(_("seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="discussions_mention_once")
        ]
        indexes = [models.Index(fields=["user", "seen_at"])]


class ReadState(models.Model):
    """How far a person has read a channel (the id of the last message seen),
    and how many of the channel's shown messages that covers.

    `seen_count`: the channel's messages, neither deleted nor hidden, that do
    not count as unread for this person: those up to their last read, and
    their own after it. Unread = Channel.message_count - seen_count. Set
    whole when the read moves (services/reading.py), -1 when one of those
    messages is deleted or hidden; a post changes no one's row but its
    author's. No row: nothing seen, every shown message is unread.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="read_states")
    last_read_message_id = models.BigIntegerField(default=0)
    seen_count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="discussions_read_state_once")
        ]


class Mute(models.Model):
    """A gardener silences a member in their community until a given time."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="mutes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="discussion_mutes",
    )
    until = models.DateTimeField(_("until"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reason = models.TextField(_("why"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("mute")
        verbose_name_plural = _("mutes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "user", "until"])]


class Report(models.Model):
    """A member tells the gardeners about a message."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("why"))
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["handled", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=Q(handled=False),
                name="discussions_report_once_pending",
            )
        ]
