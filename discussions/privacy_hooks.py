"""What the discussions hold about a person (see accounts/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Mention, Message, Mute, Report


def export(person) -> dict:
    messages = (
        Message.objects.filter(author=person)
        .select_related("channel__community")
        .order_by("created_at", "pk")
    )
    reports = Report.objects.filter(reporter=person).order_by("created_at", "pk")
    mutes = Mute.objects.filter(user=person).select_related("community").order_by("created_at")
    return {
        "messages": [
            {
                "community": m.channel.community.name,
                "channel": m.channel.name,
                "body": m.body,
                "sent_at": m.created_at.isoformat(),
                "edited_at": m.edited_at.isoformat() if m.edited_at else None,
                "deleted_at": m.deleted_at.isoformat() if m.deleted_at else None,
            }
            for m in messages
        ],
        "reports_made": [
            {"message_id": r.message_id, "reason": r.reason, "at": r.created_at.isoformat()}
            for r in reports
        ],
        "mentions": [
            {"community": m.message.channel.community.name, "channel": m.message.channel.name,
             "message_id": m.message_id, "at": m.message.created_at.isoformat(),
             "seen_at": m.seen_at.isoformat() if m.seen_at else None}
            for m in Mention.objects.filter(user=person)
            .select_related("message__channel__community").order_by("message__created_at", "pk")
        ],
        "mutes": [
            {
                "community": m.community.name,
                "until": m.until.isoformat(),
                "reason": m.reason,
            }
            for m in mutes
        ],
    }


def erase(person) -> None:
    """Messages stay for the others' conversation, signed "former member";
    the person's reports go (their reason is their own words), and mentions,
    read marks and mutes with the account."""
    Message.objects.filter(author=person).update(author=personal_data.former_member())
    Report.objects.filter(reporter=person).delete()


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="discussions",
            title=_("Discussion messages"),
            export=export,
            erase=erase,
            covers=(
                "discussions.Message.author", "discussions.Mention.user",
                "discussions.ReadState.user", "discussions.Mute.user",
                "discussions.Report.reporter",
            ),
            acts=(
                "discussions.Channel.created_by", "discussions.Message.hidden_by",
                "discussions.Mute.by", "discussions.Report.handled_by",
            ),
            processings=(
                personal_data.Processing(
                    name=_("Discussion channels"),
                    data=_("Your messages, mentions, read marks and reports."),
                    purpose=_("Let the members of a community talk in real time."),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_(
                        "Messages stay with the conversation; when your account is erased "
                        "they are signed “former member”. The rest is erased with the account."
                    ),
                ),
            ),
        )
    )
