"""E-mails of the discussions: a mention reaches someone who is away."""

from django.urls import reverse

from terreau.emails import Email, Receiver


class MentionEmail(Email):
    """Tell a member someone named them in a channel while they were offline."""

    model = "discussions.Mention"
    template_base = "discussions/emails/mention"

    def get_receivers(self):
        mention = self.object
        # Reloaded by the task: a message deleted or hidden meanwhile is not sent.
        if mention.message.deleted_at or mention.message.hidden_at:
            return []
        preference = getattr(mention.user, "discussion_preference", None)
        if preference is not None and not preference.email_on_mention:
            return []
        return [Receiver.from_user(mention.user)]

    def get_context(self, receiver):
        message = self.object.message
        channel = message.channel
        return {
            "message": message,
            "channel": channel,
            "community": channel.community,
            "url": reverse(
                "discussions:detail",
                kwargs={"slug": channel.community.slug, "channel_id": channel.pk},
            )
            + f"?around={message.pk}#message-{message.pk}",
            "preferences_url": reverse(
                "discussions:list", kwargs={"slug": channel.community.slug}
            ),
        }
