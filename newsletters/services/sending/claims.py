"""The delivery rows: created with the letter's move to sending, claimed in
batches under a lease, the letter finished once none is pending."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from ... import selectors
from ...models import Delivery, Letter

logger = logging.getLogger(__package__)


MAX_ATTEMPTS = 5


def batch_size() -> int:
    return int(settings.NEWSLETTER_BATCH_SIZE)  # terreau/settings/base.py


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.NEWSLETTER_LEASE_SECONDS))


def start_sending(letter: Letter) -> Letter:
    """Create the deliveries and hand over to the workers (letter locked by the caller)."""
    from ...tasks import send_letter

    _insert_deliveries(letter)
    letter.state = Letter.State.SENDING
    letter.sending_started_at = timezone.now()
    letter.recipients_total = Delivery.objects.filter(letter=letter).count()
    letter.save(update_fields=["state", "sending_started_at", "recipients_total", "sent_by",
                               "scheduled_for"])
    letter_id = letter.pk
    transaction.on_commit(lambda: send_letter.delay(letter_id))
    return letter


def _insert_deliveries(letter: Letter) -> None:
    """One delivery per recipient, in a single INSERT ... SELECT.

    The recipients never travel through Python (10,000 rows in one
    statement); the unique (letter, user) constraint with ON CONFLICT DO
    NOTHING makes a replay harmless.
    """
    sql, params = selectors.recipients(letter).values_list("pk", "email").query.sql_with_params()
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Delivery._meta.db_table} "
            "(letter_id, user_id, email, state, claim, attempts, error) "
            f"SELECT %s, recipient.*, %s, '', 0, '' FROM ({sql}) recipient WHERE 1 = 1 "
            "ON CONFLICT (letter_id, user_id) DO NOTHING",
            [letter.pk, Delivery.State.PENDING, *params],
        )


def letters_start_due(*, now: dt.datetime | None = None) -> list[int]:
    """Start every scheduled letter whose time has come (run by the beat)."""
    now = now or timezone.now()
    started = []
    due = Letter.objects.filter(state=Letter.State.SCHEDULED, scheduled_for__lte=now)
    for letter_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            letter = Letter.objects.select_for_update().filter(
                pk=letter_id, state=Letter.State.SCHEDULED, scheduled_for__lte=now
            ).first()
            if letter is not None:
                start_sending(letter)
                started.append(letter_id)
    return started


def _free_lease(now: dt.datetime) -> Q:
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease())


def letters_to_resume(*, now: dt.datetime | None = None) -> list[int]:
    """Letters being sent that nobody is working on.

    Either their task was lost (a broker restart loses the queue) or their
    worker died (its copies' leases expire): pending copies remain and no
    copy was claimed for a whole lease. Letters whose copies are all done
    but that were not marked sent (a worker died just before) are included.
    A letter with recent claims is left alone: its chain of tasks is alive.
    """
    now = now or timezone.now()
    quiet_since = now - lease()
    recent_claim = Delivery.objects.filter(letter=OuterRef("pk"), claimed_at__gte=quiet_since)
    pending = Delivery.objects.filter(letter=OuterRef("pk"), state=Delivery.State.PENDING)
    return list(
        Letter.objects.filter(state=Letter.State.SENDING)
        .filter(
            ~Exists(pending)
            | (Q(sending_started_at__lt=quiet_since) & ~Exists(recent_claim))
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def deliveries_claim(
    *, letter_id: int, limit: int, now: dt.datetime | None = None
) -> list[Delivery]:
    """Take up to `limit` pending copies whose lease is free, for this worker."""
    now = now or timezone.now()
    with transaction.atomic():
        candidates = (
            Delivery.objects.filter(letter_id=letter_id, state=Delivery.State.PENDING)
            .filter(_free_lease(now))
            .order_by("pk")
        )
        if db_connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        claim = uuid.uuid4().hex
        Delivery.objects.filter(pk__in=ids, state=Delivery.State.PENDING).filter(
            _free_lease(now)
        ).update(claim=claim, claimed_at=now, attempts=F("attempts") + 1)
        return list(
            Delivery.objects.filter(pk__in=ids, claim=claim)
            .select_related("user")
            .order_by("pk")
        )


# A worker marks its accepted copies in groups (see _Marker); never more
# than this many accepted copies wait for their mark.


def letter_finish_if_done(*, letter_id: int) -> bool:
    """Mark the letter sent once no copy is pending (the letter locked, its
    state read again under the lock: two workers may finish at once)."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().filter(
            pk=letter_id, state=Letter.State.SENDING
        ).first()
        if letter is None:
            return False
        if Delivery.objects.filter(letter=letter, state=Delivery.State.PENDING).exists():
            return False
        letter.state = Letter.State.SENT
        letter.sent_at = timezone.now()
        letter.save(update_fields=["state", "sent_at"])
        return True
