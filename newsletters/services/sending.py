"""Mass sending: one delivery per recipient, claimed in batches, marked as accepted.

The guarantees and their limits are explained in docs/newsletters.md. In
short:

- `start_sending` creates every Delivery row in the same transaction as the
  letter's move to "sending"; a unique (letter, user) constraint and the
  letter's row lock make it idempotent.
- `deliveries_claim` takes up to `limit` pending rows whose lease is free or
  expired: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent
  workers never take the same row; elsewhere (SQLite, which serialises
  writers) a conditional UPDATE re-checks the lease and the claim token
  tells which rows we won.
- `letter_send_batch` sends the batch over one SMTP connection; a second
  thread marks the accepted copies sent, each group in one autocommitted
  UPDATE, while the next exchanges run, outside any long transaction. A
  worker killed at any moment leaves uncertain only the copies accepted
  while the previous mark committed (a few, at most MARK_WINDOW); their
  lease expires and they are sent again with the same Message-ID (derived
  from the delivery id). Refused copies are marked failed in one UPDATE.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends import smtp as smtp_backend
from django.core.mail.message import sanitize_address
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from .. import rendering, selectors
from ..models import Delivery, Letter

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def batch_size() -> int:
    return int(getattr(settings, "NEWSLETTER_BATCH_SIZE", 100))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "NEWSLETTER_LEASE_SECONDS", 300)))


def start_sending(letter: Letter) -> Letter:
    """Create the deliveries and hand over to the workers (letter locked by the caller)."""
    from ..tasks import send_letter

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


@transaction.atomic
def deliveries_claim(
    *, letter_id: int, limit: int, now: dt.datetime | None = None
) -> list[Delivery]:
    """Take up to `limit` pending copies whose lease is free, for this worker."""
    now = now or timezone.now()
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
MARK_WINDOW = 32
MARK_GATHER_SECONDS = 0.005


_MARK_SENT = (
    f"UPDATE {Delivery._meta.db_table} SET state = %s, sent_at = %s, error = '' "
    "WHERE claim = %s AND id IN ({ids})"
)


def _mark_sent(ids: list[int], claim: str) -> None:
    """One UPDATE for copies the server accepted, autocommitted at once.

    Plain SQL: it runs between SMTP exchanges, thousands of times a letter,
    and the ORM's compiler would cost more than the statement.
    """
    with db_connection.cursor() as cursor:
        cursor.execute(_MARK_SENT.format(ids=", ".join(["%s"] * len(ids))),
                       [Delivery.State.SENT, timezone.now(), claim, *ids])


def _can_mark_in_background() -> bool:
    """A second connection sees the claimed rows only outside a transaction
    (always true in a worker; not in tests wrapped in one), and SQLite
    would only make the two connections wait for each other."""
    return db_connection.vendor == "postgresql" and not db_connection.in_atomic_block


class _Marker:
    """Marks accepted copies from a second thread, in groups.

    The main thread hands over each copy the moment the mail server accepted
    it and goes straight on with the next SMTP exchange. This thread marks
    everything handed over since its previous UPDATE in one UPDATE on its
    own connection: while one mark commits (a disk flush), the next copies
    are being accepted, and they are marked together right after. So marks
    cost one statement per group instead of one per copy, and the copies
    waiting for their mark are only those accepted while the previous mark
    committed (a few; never more than MARK_WINDOW: past that the main thread
    waits). Those are the copies a worker killed at that instant could send
    twice, with the same Message-ID (docs/newsletters.md).
    """

    def __init__(self, claim: str):
        self.claim = claim
        self.waiting: list[int] = []  # accepted, not yet being marked
        self.marking = 0  # in the UPDATE running now
        self.updates = 0
        self.closing = False
        self.error: BaseException | None = None
        self.condition = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="newsletter-marks", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while True:
                with self.condition:
                    while not self.waiting and not self.closing:
                        self.condition.wait()
                    if not self.waiting:
                        return
                    # Let a few more copies join this UPDATE: each mark is a
                    # commit (a disk flush) that competes with the SMTP
                    # exchanges for the CPU. Bounded by MARK_GATHER_SECONDS
                    # and by MARK_WINDOW (the main thread never waits here).
                    deadline = time.monotonic() + MARK_GATHER_SECONDS
                    while (not self.closing and len(self.waiting) < MARK_WINDOW // 2
                           and (left := deadline - time.monotonic()) > 0):
                        self.condition.wait(left)
                    ids, self.waiting = self.waiting, []
                    self.marking = len(ids)
                try:
                    if self.error is None:
                        _mark_sent(ids, self.claim)
                        self.updates += 1
                except BaseException as error:  # noqa: BLE001 - handed to the main thread
                    self.error = error
                with self.condition:
                    self.marking = 0
                    self.condition.notify_all()
        finally:
            db_connection.close()  # this thread's own connection

    def _check(self) -> None:
        if self.error is not None:
            raise self.error

    def mark(self, delivery_id: int) -> None:
        with self.condition:
            while (len(self.waiting) + self.marking >= MARK_WINDOW
                   and self.error is None):
                self.condition.wait()
            self._check()
            self.waiting.append(delivery_id)
            self.condition.notify_all()

    def close(self) -> None:
        """Return once every copy handed over is marked."""
        with self.condition:
            self.closing = True
            self.condition.notify_all()
        self.thread.join()
        self._check()


class _InlineMarker:
    """Marks each copy in line (SQLite, or inside a test's transaction)."""

    def __init__(self, claim: str):
        self.claim = claim
        self.updates = 0

    def mark(self, delivery_id: int) -> None:
        _mark_sent([delivery_id], self.claim)
        self.updates += 1

    def close(self) -> None:
        pass


def _mark_failed(failed: list[tuple[Delivery, str]]) -> None:
    """One UPDATE for the copies of a batch that failed for good."""
    if not failed:
        return
    Delivery.objects.filter(
        pk__in=[delivery.pk for delivery, _ in failed], claim=failed[0][0].claim
    ).update(
        state=Delivery.State.FAILED,
        error=Case(*[When(pk=delivery.pk, then=Value(error[:2000]))
                     for delivery, error in failed]),
    )


def _release(deliveries: list[Delivery], error: str = "") -> None:
    """Give copies back (a temporary failure): any worker may take them again."""
    if deliveries:
        Delivery.objects.filter(
            pk__in=[d.pk for d in deliveries], claim=deliveries[0].claim,
            state=Delivery.State.PENDING,
        ).update(claimed_at=None, claim="", error=error[:2000])


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer about this recipient or message: retrying will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    released: int = 0
    remaining: bool = False
    mark_updates: int = 0  # UPDATE statements that marked the sent copies

    def as_dict(self) -> dict:
        return asdict(self)


def letter_send_batch(*, letter_id: int, limit: int | None = None) -> BatchResult:
    """Claim one batch of a letter's copies, send them, mark each one.

    Not atomic on purpose: each mark commits on its own, right after the
    mail server accepted the message. Raises on a connection failure (the
    task retries), after giving the unsent copies back.
    """
    result = BatchResult()
    letter = Letter.objects.select_related("community").filter(pk=letter_id).first()
    if letter is None or letter.state != Letter.State.SENDING:
        return result
    batch = deliveries_claim(letter_id=letter_id, limit=limit or batch_size())
    result.claimed = len(batch)
    if batch:
        _send(letter, batch, result)
    result.remaining = Delivery.objects.filter(
        letter_id=letter_id, state=Delivery.State.PENDING
    ).exists()
    if not result.remaining:
        letter_finish_if_done(letter_id=letter_id)
    return result


# Rendered letters of this process, by letter and language: a letter being
# sent can no longer change, so every batch of it reuses the same rendering.
_RENDERED: OrderedDict = OrderedDict()


def _rendered_cache(letter: Letter) -> dict[str, rendering.RenderedLetter]:
    key = (letter.pk, letter.sending_started_at)
    if key not in _RENDERED:
        _RENDERED[key] = {}
        while len(_RENDERED) > 4:
            _RENDERED.popitem(last=False)
    return _RENDERED[key]


class _Transport:
    """Hands a batch's copies to the mail backend.

    With Django's SMTP backend, a copy's bytes go straight to the backend's
    open smtplib connection (its host, port, TLS, credentials and timeout):
    the backend would otherwise parse and re-encode the sender's and the
    recipient's addresses with the email package for every message, which
    cost more than a third of the SMTP exchange. Here the sender is
    sanitised once per batch, and a recipient only when its address is not
    plain ASCII. Any other backend (the local outbox, the tests' locmem, a
    provider's API) receives an ordinary EmailMessage.
    """

    def __init__(self, connection):
        self.connection = connection
        self.client = None
        if isinstance(connection, smtp_backend.EmailBackend):
            self.client = connection.connection  # opened by the caller
            self.encoding = settings.DEFAULT_CHARSET
            self.sender = sanitize_address(settings.DEFAULT_FROM_EMAIL, self.encoding)

    def send(self, copy: rendering.Copy) -> None:
        if self.client is None:
            self.connection.send_messages([copy.message(self.connection)])
            return
        recipient = copy.email
        if not _PLAIN_ADDRESS.fullmatch(recipient):
            recipient = sanitize_address(recipient, self.encoding)
        self.client.sendmail(self.sender, [recipient], copy.raw)


# An address smtplib can take as it is: sanitize_address returns it unchanged.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")


def _send(letter: Letter, batch: list[Delivery], result: BatchResult) -> None:
    failed: list[tuple[Delivery, str]] = [
        (d, f"gave up after {MAX_ATTEMPTS} attempts") for d in batch if d.attempts > MAX_ATTEMPTS
    ]
    result.failed += len(failed)
    todo = [d for d in batch if d.attempts <= MAX_ATTEMPTS]
    if not todo:
        _mark_failed(failed)
        return
    rendered = _rendered_cache(letter)
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        _mark_failed(failed)
        _release(todo, f"connection: {error}")
        result.released += len(todo)
        raise
    transport = _Transport(connection)
    claim = todo[0].claim
    marker = _Marker(claim) if _can_mark_in_background() else _InlineMarker(claim)
    try:
        for index, delivery in enumerate(todo):
            user = delivery.user
            language = user.preferred_language or settings.LANGUAGE_CODE
            if language not in rendered:
                sections = selectors.accepted_sections(letter)
                rendered[language] = rendering.render_letter(letter, sections, language=language)
            copy = rendering.build_copy(
                letter, rendered[language], email=delivery.email, name=str(user),
                user_id=user.pk, message_id=delivery.message_id(),
            )
            try:
                transport.send(copy)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
                if _is_permanent(error):
                    failed.append((delivery, repr(error)))
                    result.failed += 1
                    continue
                _release(todo[index:], repr(error))
                result.released += len(todo) - index
                raise
            except Exception as error:
                _release(todo[index:], repr(error))
                result.released += len(todo) - index
                raise
            marker.mark(delivery.pk)
            result.sent += 1
    finally:
        try:
            marker.close()  # every accepted copy is marked before we go on
        finally:
            result.mark_updates += marker.updates
            _mark_failed(failed)
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - closing a dead connection
                logger.debug("closing the SMTP connection failed", exc_info=True)


@transaction.atomic
def letter_finish_if_done(*, letter_id: int) -> bool:
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
