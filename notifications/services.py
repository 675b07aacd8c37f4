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
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.emails import load_email_class

from . import selectors
from .emails import NotificationEmail
from .kinds import KINDS, Frequency
from .models import Digest, Notification, Preference

DIGEST_HOUR = 7
DIGEST_TIME_ZONE = "Europe/Paris"


def notify(
    recipients: Iterable,
    kind: str,
    *,
    actor=None,
    community=None,
    url: str = "",
    data: dict | None = None,
    email: bool = True,
    about=None,
    email_kwargs: dict | None = None,
) -> list[Notification]:
    """Tell each recipient that `kind` happened: the one way to write to a person.

    Recipients are users, or addressees: objects of an app that know where to
    write to someone who may have no account (a registration: `user` or
    None, `email`, `name`, `language`). The actor and duplicates are skipped.

    - In the centre: one row per person with an account, if the kind has
      lines (`Kind.in_app`). `data` must be JSON: plain strings and numbers
      the kind's template shows.
    - By e-mail: each row remembers how it is to be e-mailed (`delivery`),
      from the person's preference for the kind, else its default —
      "immediately" sends after commit, "daily" waits for the digest, "never"
      stays in the centre. A transactional kind (`Kind.always_email`) is
      e-mailed at once; someone without an account, who has no preferences
      and no centre, too. `email=False` keeps it in the centre only.
    - Which e-mail: the kind's own (`Kind.email`, about `about` or about the
      addressee, with `email_kwargs`), else NotificationEmail with its line.

    Queries: one to read the recipients' preferences (none for a
    transactional kind), one INSERT, and one for verified addresses when the
    kind has its own e-mail.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    spec = KINDS[kind]
    email_class = load_email_class(spec.email) if spec.email else None
    targets = _targets(recipients, actor)
    if not targets:
        return []
    if email:
        _check_reachable(spec, email_class, targets, about)
    # No savepoint: the caller's transaction holds these rows, and nothing
    # here is retried alone (a savepoint cost 2 round trips per call, under
    # the event's lock when a seat is booked: docs/performance.md).
    with transaction.atomic(savepoint=False):
        users = [user for user, _addressee in targets if user is not None]
        frequencies = selectors.kind_frequencies([u.pk for u in users], kind) if email else {}
        rows = {}
        if spec.in_app and users:
            created = Notification.objects.bulk_create([
                Notification(
                    recipient=user, kind=kind, actor=actor, community=community,
                    url=url, data=data or {}, delivery=frequencies.get(user.pk, ""),
                )
                for user in users
            ])
            rows = {row.recipient_id: row for row in created}
        if email:
            _send(spec, email_class, targets, rows, frequencies, about, email_kwargs or {})
        return list(rows.values())


def _targets(recipients: Iterable, actor) -> list[tuple[object, object]]:
    """(user or None, addressee or None) per recipient, without the actor or a
    person twice."""
    User = get_user_model()
    seen, targets = set(), []
    for recipient in recipients:
        if recipient is None:
            continue
        if isinstance(recipient, User):
            user, addressee = recipient, None
        else:  # an addressee names its account, or None (see notify())
            user, addressee = recipient.user, recipient
        # A person is their account's id, or else their address: an int and a
        # str, which never collide.
        key = user.pk if user is not None else addressee.email.lower()
        if key in seen or (actor is not None and user is not None and user.pk == actor.pk):
            continue
        seen.add(key)
        targets.append((user, addressee))
    return targets


def _check_reachable(spec, email_class, targets, about) -> None:
    """A misuse is refused before anything is written: the caller's
    transaction is not left broken by a half-done notify()."""
    for user, addressee in targets:
        if email_class is None and addressee is not None and user is None:
            raise ValueError(f"Kind {spec.key!r} has no e-mail to reach someone without an account")
        if email_class is not None and addressee is None and about is None:
            raise ValueError(f"Kind {spec.key!r} e-mails about an object: pass about=")


def _send(spec, email_class, targets, rows, frequencies, about, email_kwargs) -> None:
    """Enqueue, after commit, the e-mail of each recipient who is to get one now."""
    if email_class is None:
        for user, _addressee in targets:  # each has an account (_check_reachable)
            row = rows.get(user.pk)
            if row is not None and row.delivery == Frequency.IMMEDIATELY:
                NotificationEmail.send_after_commit(row)
        return
    verified = None
    if not spec.always_email:
        verified = selectors.verified_user_ids([u.pk for u, _a in targets if u is not None])
    for user, addressee in targets:
        kwargs = dict(email_kwargs)
        if user is not None:
            if frequencies.get(user.pk) != Frequency.IMMEDIATELY:
                continue  # daily: the digest carries its line; never: the centre only
            if verified is not None and user.pk not in verified:
                continue  # as NotificationEmail: only to a verified address
            if user.pk in rows:
                kwargs["notification_id"] = rows[user.pk].pk
        if addressee is not None:
            email_class.send_after_commit(addressee, **kwargs)
        else:  # `about` is given (_check_reachable)
            email_class.send_after_commit(about, user_id=user.pk, **kwargs)


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


def preferences_set(*, user, frequencies: Mapping[str, str]) -> dict[str, str]:
    """Save how `user` wants to be e-mailed per kind.

    A choice equal to the kind's default is stored as no row, so the person
    follows the default if it changes later. Unknown kinds or frequencies are
    refused and nothing is written.
    """
    with transaction.atomic():
        return _preferences_set(user, frequencies)


def _preferences_set(user, frequencies: Mapping[str, str]) -> dict[str, str]:
    valid = set(Frequency.values)
    for key, frequency in frequencies.items():
        if key not in KINDS or not KINDS[key].choosable:
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
