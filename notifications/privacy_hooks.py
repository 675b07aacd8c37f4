"""What `notifications` holds about a person (see accounts/personal_data.py)."""

import json

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Digest, Notification, Preference

# The keys of a notification's data that hold the actor's own words (a
# circle or join request's message, a question about a call): blanked when
# the actor is erased.
OWN_WORDS = ("message", "text")


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


def _mentioning(person) -> Q:
    """Notifications whose data may name the person: theirs as actor, and
    others' that copied their name or address (a connection about a need
    gives each side the other's contact). JSON text escapes accents on
    SQLite, so each value is looked for as written and as escaped. Not by
    organisation: others share it, and their notifications are not about
    the person."""
    about = Q(actor=person)
    for value in {person.display_name, person.email} - {""}:
        about |= Q(data__icontains=value) | Q(data__icontains=json.dumps(value)[1:-1])
    return about


def erase(person) -> None:
    """The person's notifications go. In others' notifications, their name,
    address and organisation give way to "former member", and what they
    wrote themselves (a request's message) is blanked."""
    Notification.objects.filter(recipient=person).delete()
    Preference.objects.filter(user=person).delete()
    Digest.objects.filter(user=person).delete()
    label = personal_data.former_member_label()
    names = {value.casefold() for value in (person.display_name, person.email,
                                            person.organisation) if value}
    changed = []
    for notification in Notification.objects.filter(_mentioning(person)).only(
            "pk", "data", "actor_id"):
        data = notification.data
        if not isinstance(data, dict):
            continue
        data = {key: (label if isinstance(value, str) and value.casefold() in names else value)
                for key, value in data.items()}
        if notification.actor_id == person.pk:
            data.update({key: "" for key in OWN_WORDS if key in data})
        notification.data = data
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
            covers=(
                "notifications.Notification.recipient", "notifications.Notification.actor",
                "notifications.Preference.user", "notifications.Digest.user",
            ),
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
