"""What `notifications` holds about a person (see accounts/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Digest, Notification, Preference


def export(person) -> dict:
    notifications = Notification.objects.filter(recipient=person).order_by("created_at", "pk")
    preferences = Preference.objects.filter(user=person).order_by("kind")
    return {
        "notifications": [
            {
                "kind": n.kind,
                "link": n.url,
                "data": n.data,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
                "emailed_at": n.emailed_at.isoformat() if n.emailed_at else None,
            }
            for n in notifications
        ],
        "preferences": [{"kind": p.kind, "email": p.get_frequency_display()} for p in preferences],
    }


def erase(person) -> None:
    """The person's notifications go; in others' notifications about
    something they did, their name gives way to "former member"."""
    Notification.objects.filter(recipient=person).delete()
    Preference.objects.filter(user=person).delete()
    Digest.objects.filter(user=person).delete()
    label = personal_data.former_member_label()
    names = {person.display_name, person.email}
    changed = []
    for notification in Notification.objects.filter(actor=person).only("pk", "data"):
        data = notification.data or {}
        if isinstance(data, dict):
            notification.data = {k: (label if v in names else v) for k, v in data.items()}
            changed.append(notification)
    Notification.objects.bulk_update(changed, ["data"], batch_size=500)
    Notification.objects.filter(actor=person).update(actor=None)


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="notifications",
            title=_("Notifications"),
            export=export,
            erase=erase,
            processings=(
                personal_data.Processing(
                    name=_("Notifications"),
                    data=_("What you were told about, when, and your e-mail preferences."),
                    purpose=_("Tell you what happens in your communities, as you chose."),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_("As long as your account exists; erased with it."),
                ),
            ),
        )
    )
