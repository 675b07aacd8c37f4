"""What `newsletters` holds about a person (see accounts/personal_data.py)."""

from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Delivery, Section, Subscription

# Delivery logs (who was sent which letter, and failures) are kept 13 months.
DELIVERIES_KEPT = relativedelta(months=13)


def _when(value):
    return value.isoformat() if value else None


def export(person) -> dict:
    sections = Section.objects.filter(author=person).select_related("letter").order_by(
        "created_at", "pk"
    )
    subscriptions = Subscription.objects.filter(user=person).select_related("community")
    deliveries = Delivery.objects.filter(user=person).select_related("letter").order_by("pk")
    return {
        "sections": [
            {
                "letter": s.letter.title,
                "title": s.title,
                "body": s.body,
                "state": s.get_state_display(),
                "gardeners_comment": s.gardener_comment,
                "proposed_at": _when(s.created_at),
            }
            for s in sections
        ],
        "subscriptions": [
            {
                "community": s.community.name,
                "subscribed": s.subscribed,
                "how": s.get_source_display(),
                "agreed_at": _when(s.consented_at),
                "changed_at": _when(s.changed_at),
            }
            for s in subscriptions.order_by("community__name")
        ],
        "deliveries": [
            {
                "letter": d.letter.title,
                "email": d.email,
                "state": d.get_state_display(),
                "sent_at": _when(d.sent_at),
            }
            for d in deliveries
        ],
        # The consents themselves, dated and versioned, are the accounts app's.
    }


def erase(person) -> None:
    """Sections stay in their letters, signed "former member"; subscriptions
    and the delivery log (addresses included) are deleted."""
    Section.objects.filter(author=person).update(
        author=personal_data.former_member(), author_name=personal_data.former_member_label()
    )
    Delivery.objects.filter(Q(user=person) | Q(email__iexact=person.email)).delete()
    Subscription.objects.filter(user=person).delete()


def purge(now: datetime) -> int:
    """Delivery rows 13 months after the copy was sent (or its sending began)."""
    deleted, _rows = (
        Delivery.objects.annotate(
            logged_at=Coalesce("sent_at", "letter__sending_started_at", "letter__created_at")
        )
        .filter(logged_at__lt=now - DELIVERIES_KEPT)
        .delete()
    )
    return deleted


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="newsletters",
            title=_("Newsletters"),
            export=export,
            erase=erase,
            covers=(
                "newsletters.Section.author", "newsletters.Subscription.user",
                "newsletters.Delivery.user",
            ),
            acts=(
                "newsletters.Letter.created_by", "newsletters.Letter.sent_by",
                "newsletters.Section.decided_by",
            ),
            purge=purge,
            processings=(
                personal_data.Processing(
                    name=_("Co-written newsletters"),
                    data=_("The sections you propose, with your name as their signature."),
                    purpose=_("Write each community's letter together."),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_(
                        "Sections stay in the letters; when your account is erased they are "
                        "signed “former member”."
                    ),
                ),
                personal_data.Processing(
                    name=_("Newsletter sending"),
                    data=_(
                        "Your subscriptions with the date you agreed, and the log of each "
                        "copy sent to your address."
                    ),
                    purpose=_("Send you the letters you asked for, and only those."),
                    legal_basis=personal_data.CONSENT,
                    retention=_(
                        "Subscriptions until you unsubscribe or your account is erased; "
                        "delivery logs 13 months."
                    ),
                ),
            ),
        )
    )
