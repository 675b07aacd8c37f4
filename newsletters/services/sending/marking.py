"""Marking copies: accepted ones sent by a second thread (at most
MARK_WINDOW waiting), refused ones failed, the rest given back."""

from __future__ import annotations

import logging
import threading
import time

from django.db import connection as db_connection
from django.db.models import Case, Value, When
from django.utils import timezone

from ...models import Delivery

logger = logging.getLogger(__package__)


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
        # Not a daemon: close(), always called (in a finally), joins it.
        self.thread = threading.Thread(target=self._run, name="newsletter-marks")
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


def _release(deliveries: list[Delivery], error: str) -> None:
    """Give copies back (a temporary failure): any worker may take them again."""
    if deliveries:
        Delivery.objects.filter(
            pk__in=[d.pk for d in deliveries], claim=deliveries[0].claim,
            state=Delivery.State.PENDING,
        ).update(claimed_at=None, claim="", error=error[:2000])
