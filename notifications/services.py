"""The notification service: the one function other apps call, explicitly.

    from notifications import services as notifications
    notifications.notify(
        [author], "need_step", actor=gardener, community=community,
        url=need.get_absolute_url(), data={"title": need.title, "answer": answer, ...},
    )

Call it inside the write's transaction: the rows commit or roll back with
the write, and e-mails leave only after commit. No signal ever calls it.

The other writes of the app live here too: marking as read, preferences, and
the daily digests run by Celery beat (see docs/notifications.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors
from .kinds import KINDS, Frequency
from .models import Digest, Notification, Preference

DIGEST_HOUR = 7
DIGEST_TIME_ZONE = "Europe/Paris"


@transaction.atomic
def notify(
    recipients: Iterable,
    kind: str,
    *,
    actor=None,
    community=None,
    url: str = "",
    data: dict | None = None,
    email: bool = True,
) -> list[Notification]:
    """Tell each recipient (users; the actor and duplicates are skipped) that `kind` happened.

    `data` must be JSON: plain strings and numbers the kind's template shows.
    `email=False` keeps it in the notification centre only (for example a
    mention seen live by someone online).

    Each row remembers how it is to be e-mailed (`delivery`), from the
    person's preference for the kind, else the kind's default: "immediately"
    sends one e-mail after commit, "daily" waits for the digest, "never" stays
    in the centre.

    Queries: one to read the recipients' preferences, one INSERT.
    """
    from .emails import NotificationEmail

    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    seen = set()
    users = []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        users.append(user)
    if not users:
        return []
    frequencies = selectors.frequencies_for([u.pk for u in users], kind) if email else {}
    rows = [
        Notification(
            recipient=user, kind=kind, actor=actor, community=community,
            url=url, data=data or {}, delivery=frequencies.get(user.pk, ""),
        )
        for user in users
    ]
    created = Notification.objects.bulk_create(rows)
    for notification in created:
        if notification.delivery == Frequency.IMMEDIATELY:
            NotificationEmail.send_after_commit(notification)
    return created


def notification_mark_emailed(*, notification_id: int, now: datetime | None = None) -> bool:
    """Record that the e-mail of one notification left; False if it was already recorded."""
    return bool(
        Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
            emailed_at=now or timezone.now()
        )
    )


# --- Reading --------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification) -> bool:
    """Mark one notification read (once: the first reading time is kept)."""
    return bool(
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Preferences ----------------------------------------------------------------------


@transaction.atomic
def preferences_set(*, user, frequencies: Mapping[str, str]) -> dict[str, str]:
    """Save how `user` wants to be e-mailed per kind.

    A choice equal to the kind's default is stored as no row, so the person
    follows the default if it changes later. Unknown kinds or frequencies are
    refused and nothing is written.
    """
    valid = set(Frequency.values)
    for key, frequency in frequencies.items():
        if key not in KINDS:
            raise ValidationError(_("This kind of notification does not exist."), code="bad_kind")
        if frequency not in valid:
            raise ValidationError(
                _("Choose immediately, in a daily digest, or never."), code="bad_frequency"
            )
    keep_default = [key for key, f in frequencies.items() if f == KINDS[key].default]
    Preference.objects.filter(user=user, kind__in=keep_default).delete()
    for key, frequency in frequencies.items():
        if frequency != KINDS[key].default:
            Preference.objects.update_or_create(
                user=user, kind=key, defaults={"frequency": frequency}
            )
    return selectors.preferences_of(user)


# --- Daily digests --------------------------------------------------------------------


def digest_slot(now: datetime) -> tuple[date, datetime]:
    """The digest day due at `now` and its start: today's digest hour once it has
    passed, else yesterday's (in the digest time zone, daylight saving included)."""
    tz = ZoneInfo(getattr(settings, "NOTIFICATION_DIGEST_TIME_ZONE", DIGEST_TIME_ZONE))
    at = time(getattr(settings, "NOTIFICATION_DIGEST_HOUR", DIGEST_HOUR))
    local = now.astimezone(tz)
    day = local.date() if local.time() >= at else local.date() - timedelta(days=1)
    return day, datetime.combine(day, at, tzinfo=tz)


def digests_send_due(*, now: datetime | None = None) -> int:
    """Send today's digest to everyone who has daily notifications waiting.

    A notification waits for the first digest whose hour comes after it was
    created. Each person's digest is one row of `Digest` (unique per person
    and day: a second beat, or a second run the same day, cannot create it
    again) and claims its notifications with one UPDATE ... WHERE emailed_at
    IS NULL, so a notification belongs to exactly one digest even when two
    beats run at once. The e-mail leaves after that person's commit.

    People without a verified address get no digest; their notifications
    wait in the centre. Returns the number of digests sent.
    """
    from .emails import DigestEmail

    now = now or timezone.now()
    day, cutoff = digest_slot(now)
    waiting = Notification.objects.filter(
        delivery=Frequency.DAILY, emailed_at__isnull=True, created_at__lt=cutoff
    )
    recipient_ids = set(waiting.order_by().values_list("recipient_id", flat=True).distinct())
    if not recipient_ids:
        return 0
    recipient_ids = selectors.verified_user_ids(recipient_ids)
    # A kind someone switched to "never" since is no longer for a digest.
    never = selectors.never_kinds(recipient_ids)
    sent = 0
    for user_id in sorted(recipient_ids):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    digest = Digest.objects.create(user_id=user_id, day=day)
            except IntegrityError:
                continue  # this person's digest of the day exists already
            mine = waiting.filter(recipient_id=user_id)
            if never.get(user_id):
                mine.filter(kind__in=never[user_id]).update(delivery=Frequency.NEVER)
            claimed = mine.update(emailed_at=now, digest=digest)
            if not claimed:
                transaction.set_rollback(True)  # nothing left: no digest today yet
                continue
            DigestEmail.send_after_commit(digest)
            sent += 1
    return sent
