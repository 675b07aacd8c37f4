"""Who may write a copy, and when a letter starts, resumes and ends.

- A worker writes only the copies it holds: its claim token guards marking
  them sent, failed, or giving them back, so a worker whose lease was taken
  over (it was slow, not dead) cannot undo the new holder's work.
- Leases and the sweep's "nobody works on it" at their exact boundaries.
- The finish step marks a letter sent only when no copy is pending, once.
- The scheduler starts a due letter once, re-reading its state under the
  row lock: with real PostgreSQL connections in threads, a gardener's
  change that commits while the sweep waits for the lock wins.

docs/newsletters.md ("Sending: the edges") says which test pins which rule.
"""

import datetime as dt
import sys
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from newsletters import services, tasks
from newsletters.models import Delivery, Letter
from newsletters.services import sending
from tests.factories import UserFactory
from tests.processes import wait_until

from .backends import FlakyBackend
from .factories import LetterFactory, SectionFactory

pytestmark = pytest.mark.django_db

US = dt.timedelta(microseconds=1)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.newsletters.backends.FlakyBackend"
    FlakyBackend.reset()
    yield FlakyBackend
    FlakyBackend.reset()


@pytest.fixture
def started(letter, accepted_section, gardener, subscribers):
    """A letter being sent to three people (a@, b@, c@), no task run."""
    for name in "abc":
        subscribers(1, email=f"{name}@example.org")
    services.letter_send_now(letter=letter, actor=gardener)
    letter.refresh_from_db()
    return letter


def _row(address) -> Delivery:
    return Delivery.objects.get(email=address)


def _take_over(letter, at):
    """Another worker, a lease later, claims whatever is pending and free."""
    return sending.deliveries_claim(letter_id=letter.pk, limit=10, now=at)


# --- The claim token: a worker writes only the copies it still holds --------------------------


def test_a_slow_worker_does_not_mark_sent_a_copy_taken_over_meanwhile(started, flaky, settings):
    later = timezone.now() + dt.timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS + 1)
    taken = []
    # While the first worker hands b@ to the server, its lease on the batch
    # has expired and a second worker claimed the copies not yet marked.
    flaky.before_send = lambda address: (
        taken.extend(_take_over(started, later)) if address == "b@example.org" else None)
    services.letter_send_batch(letter_id=started.pk)
    assert {d.email for d in taken} == {"b@example.org", "c@example.org"}
    assert _row("a@example.org").state == "sent"
    for address in ("b@example.org", "c@example.org"):
        row = _row(address)
        assert (row.state, row.claim, row.claimed_at) == ("pending", taken[0].claim, later)
    assert Letter.objects.get(pk=started.pk).state == Letter.State.SENDING


def test_a_slow_worker_does_not_fail_a_copy_taken_over_meanwhile(started, flaky, settings):
    later = timezone.now() + dt.timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS + 1)
    taken = []
    flaky.refuse = {"c@example.org"}  # 550: the first worker would mark it failed
    flaky.before_send = lambda address: (
        taken.extend(_take_over(started, later)) if address == "b@example.org" else None)
    result = services.letter_send_batch(letter_id=started.pk)
    assert result.failed == 1
    row = _row("c@example.org")
    assert (row.state, row.claim, row.error) == ("pending", taken[0].claim, "")


def test_a_slow_worker_does_not_give_back_copies_taken_over_meanwhile(started, flaky, settings):
    later = timezone.now() + dt.timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS + 1)
    taken = []
    flaky.die_after = 1  # the server goes away after a@: b@ and c@ would be given back
    flaky.before_send = lambda address: (
        taken.extend(_take_over(started, later)) if address == "b@example.org" else None)
    with pytest.raises(Exception, match="unexpectedly closed"):
        services.letter_send_batch(letter_id=started.pk)
    for address in ("b@example.org", "c@example.org"):
        row = _row(address)
        assert (row.state, row.claim, row.claimed_at, row.error) == (
            "pending", taken[0].claim, later, "")
    # So no third worker can take them while the second one sends them.
    assert _take_over(started, later) == []


def test_giving_back_frees_the_copies_for_any_worker_at_once(started, flaky):
    flaky.die_after = 0
    with pytest.raises(Exception, match="unexpectedly closed"):
        services.letter_send_batch(letter_id=started.pk)
    assert all("unexpectedly closed" in row.error for row in started.deliveries.all())
    again = sending.deliveries_claim(letter_id=started.pk, limit=10)
    assert [d.email for d in again] == ["a@example.org", "b@example.org", "c@example.org"]
    assert {d.attempts for d in again} == {2}


# --- Leases and claims at their boundary --------------------------------------------------------


def test_a_lease_is_held_up_to_its_last_instant_and_free_just_after(started, settings):
    settings.NEWSLETTER_LEASE_SECONDS = 60
    held = sending.deliveries_claim(letter_id=started.pk, limit=1)
    claimed_at = held[0].claimed_at
    assert [d.email for d in held] == ["a@example.org"] and held[0].attempts == 1
    end = claimed_at + dt.timedelta(seconds=60)
    # At the very end of the lease the copy is still held: the others are taken.
    assert [d.email for d in sending.deliveries_claim(
        letter_id=started.pk, limit=10, now=end)] == ["b@example.org", "c@example.org"]
    assert sending.deliveries_claim(letter_id=started.pk, limit=10, now=end) == []
    # One microsecond later it is free again, with one more attempt counted.
    retaken = sending.deliveries_claim(letter_id=started.pk, limit=10, now=end + US)
    assert [(d.email, d.attempts) for d in retaken] == [("a@example.org", 2)]


def test_a_claim_takes_at_most_its_limit_and_only_this_letters_pending_copies(
        started, community):
    other = _sending_letter(community, started_at=timezone.now())  # one pending copy
    Delivery.objects.filter(email="a@example.org").update(state="sent")
    first = sending.deliveries_claim(letter_id=started.pk, limit=1)
    assert [d.email for d in first] == ["b@example.org"]
    assert first[0].user.email == "b@example.org"
    rest = sending.deliveries_claim(letter_id=started.pk, limit=5)
    assert [d.email for d in rest] == ["c@example.org"] and rest[0].claim != first[0].claim
    assert Delivery.objects.get(letter=other).claim == ""


def test_copies_are_claimed_in_their_creation_order_with_their_recipient(
        started, django_assert_num_queries):
    # a@'s row was rewritten since (PostgreSQL stores the new version last).
    Delivery.objects.filter(email="a@example.org").update(error="an earlier try")
    first = sending.deliveries_claim(letter_id=started.pk, limit=1)
    assert [d.email for d in first] == ["a@example.org"]
    Delivery.objects.filter(email="a@example.org").update(state="pending", claimed_at=None)
    every = sending.deliveries_claim(letter_id=started.pk, limit=10)
    assert [d.email for d in every] == ["a@example.org", "b@example.org", "c@example.org"]
    with django_assert_num_queries(0):  # the recipients came with the claim
        assert [d.user.email for d in every] == [d.email for d in every]


def test_a_batch_for_a_letter_not_being_sent_sends_nothing(started, flaky):
    Letter.objects.filter(pk=started.pk).update(state=Letter.State.SENT)
    result = services.letter_send_batch(letter_id=started.pk)
    assert (result.claimed, result.sent) == (0, 0) and flaky.opened == 0
    assert set(started.deliveries.values_list("claim", flat=True)) == {""}
    assert services.letter_send_batch(letter_id=0).claimed == 0


def test_a_batch_claims_newsletter_batch_size_copies(started, flaky, settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    result = services.letter_send_batch(letter_id=started.pk)
    assert (result.claimed, result.sent, result.remaining) == (2, 2, True)
    assert flaky.opened == 1


def test_a_batch_leaves_the_letter_sending_while_copies_remain(started, flaky, community):
    _sending_letter(community, started_at=timezone.now())  # another letter, still pending
    result = services.letter_send_batch(letter_id=started.pk, limit=2)
    assert (result.claimed, result.sent, result.remaining) == (2, 2, True)
    assert Letter.objects.get(pk=started.pk).state == Letter.State.SENDING
    result = services.letter_send_batch(letter_id=started.pk, limit=2)
    assert (result.claimed, result.sent, result.remaining) == (1, 1, False)
    assert Letter.objects.get(pk=started.pk).state == Letter.State.SENT


# --- The finish step ------------------------------------------------------------------------


def test_the_letter_is_finished_only_when_no_copy_is_pending_and_only_once(started, community):
    # Another letter, still sending with a pending copy, changes nothing here.
    other = _sending_letter(community, started_at=timezone.now())
    Letter.objects.filter(pk=other.pk).update(planned_for=started.planned_for)
    Delivery.objects.filter(email__in=["a@example.org", "b@example.org"]).update(state="sent")
    assert sending.letter_finish_if_done(letter_id=started.pk) is False
    assert Letter.objects.get(pk=started.pk).state == Letter.State.SENDING
    Delivery.objects.filter(email="c@example.org").update(state="failed")
    assert sending.letter_finish_if_done(letter_id=started.pk) is True
    letter = Letter.objects.get(pk=started.pk)
    assert letter.state == Letter.State.SENT and letter.sent_at is not None
    assert sending.letter_finish_if_done(letter_id=started.pk) is False
    assert Letter.objects.get(pk=started.pk).sent_at == letter.sent_at
    assert Letter.objects.get(pk=other.pk).state == Letter.State.SENDING


# --- Resuming: letters nobody works on, at the lease's boundary ----------------------------------


def _sending_letter(community, *, started_at, claimed_at=None, pending=True):
    """A letter being sent since `started_at` with one copy (the scene only)."""
    letter = LetterFactory(community=community, state=Letter.State.SENDING,
                           sending_started_at=started_at)
    Delivery.objects.create(letter=letter, user=UserFactory(), email="x@example.org",
                            state="pending" if pending else "sent", claimed_at=claimed_at,
                            claim="token" if claimed_at else "")
    return letter


def test_resuming_at_the_exact_end_of_a_lease(community, settings):
    settings.NEWSLETTER_LEASE_SECONDS = 300
    now = timezone.now()
    edge = now - dt.timedelta(seconds=300)
    long_ago = now - dt.timedelta(hours=1)
    claimed_at_edge = _sending_letter(community, started_at=long_ago, claimed_at=edge)
    claimed_before = _sending_letter(community, started_at=long_ago, claimed_at=edge - US)
    started_at_edge = _sending_letter(community, started_at=edge)
    started_before = _sending_letter(community, started_at=edge - US)
    done_just_now = _sending_letter(community, started_at=now, claimed_at=now, pending=False)
    sent = _sending_letter(community, started_at=long_ago, pending=False)
    Letter.objects.filter(pk=sent.pk).update(state=Letter.State.SENT)
    scheduled = _sending_letter(community, started_at=long_ago)
    Letter.objects.filter(pk=scheduled.pk).update(state=Letter.State.SCHEDULED)
    assert sending.letters_to_resume(now=now) == sorted(
        [claimed_before.pk, started_before.pk, done_just_now.pk])
    assert claimed_at_edge.pk not in sending.letters_to_resume(now=now)
    assert started_at_edge.pk not in sending.letters_to_resume(now=now)


def test_a_recent_claim_keeps_only_its_own_letter_from_being_resumed(community, settings):
    now = timezone.now()
    long_ago = now - dt.timedelta(hours=1)
    busy = _sending_letter(community, started_at=long_ago, claimed_at=now)
    stalled = _sending_letter(community, started_at=long_ago, claimed_at=long_ago)
    assert sending.letters_to_resume(now=now) == [stalled.pk]
    assert busy.pk not in sending.letters_to_resume(now=now)


def test_the_sweep_finishes_a_done_letter_without_sending_again(started, flaky, outbox):
    # Every copy went out, but the worker died before marking the letter sent.
    started.deliveries.update(state="sent")
    assert tasks.sweep() == {"started": [], "resumed": [started.pk]}
    assert Letter.objects.get(pk=started.pk).state == Letter.State.SENT
    assert outbox == [] and flaky.opened == 0
    assert tasks.sweep() == {"started": [], "resumed": []}


# --- Starting scheduled letters -------------------------------------------------------------


def test_a_letter_starts_at_its_scheduled_instant_not_a_microsecond_before(
        letter, accepted_section, gardener, subscribers, django_capture_on_commit_callbacks):
    subscribers(2)
    when = timezone.now() + dt.timedelta(minutes=10)
    services.letter_schedule(letter=letter, actor=gardener, when=when)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert sending.letters_start_due(now=when - US) == []
        assert Letter.objects.get(pk=letter.pk).state == Letter.State.SCHEDULED
        assert sending.letters_start_due(now=when) == [letter.pk]
        assert sending.letters_start_due(now=when) == []
    assert len(callbacks) == 1  # one task enqueued, for the one start
    letter.refresh_from_db()
    assert letter.state == Letter.State.SENDING and letter.recipients_total == 2
    assert letter.sent_by == gardener and letter.sending_started_at is not None


# --- Under the row lock, with real connections (PostgreSQL) ----------------------------------------


def _contend(letter_pk, contender):
    """Hold the letter's row lock in this connection; run `contender` in a
    thread (its own connection) and wait until it waits for that lock.
    Returns (the thread, its result holder); the caller commits, then joins."""
    outcome = {}
    pid = threading.Event()

    def run():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                outcome["pid"] = cursor.fetchone()[0]
            pid.set()
            outcome["result"] = contender()
        except Exception as error:  # noqa: BLE001 - reported by the test
            outcome["error"] = error
            pid.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert pid.wait(30), "the contender never connected"

    def waiting() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted",
                           [outcome.get("pid")])
            return cursor.fetchone() is not None

    wait_until(waiting, timeout=30, interval=0.02, what="the contender to wait for the lock")
    return thread, outcome


def _finish(thread, outcome):
    thread.join(30)
    assert not thread.is_alive() and "error" not in outcome, outcome.get("error")
    return outcome["result"]


@pytest.fixture
def due(postgres, community, pair, subscribers):
    """Scheduled letters whose time has come (the last one first in the sweep's
    order), two subscribers; all committed. Returns the letters and a moment
    after their time."""
    subscribers(2)

    def _make(n=1):
        letters = []
        for _ in range(n):
            letter = LetterFactory(community=community, created_by=pair.territory_gardener)
            SectionFactory(letter=letter, state="accepted")
            services.letter_schedule(letter=letter, actor=pair.territory_gardener,
                                     when=timezone.now() + dt.timedelta(minutes=5))
            letters.append(letter)
        return letters, timezone.now() + dt.timedelta(minutes=10)

    return _make


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_schedule_cancelled_while_the_sweep_waits_for_the_letter_is_not_sent(due, outbox):
    (other, letter), later = due(2)  # the sweep takes `letter` first
    with transaction.atomic():
        Letter.objects.select_for_update().get(pk=letter.pk)  # a gardener is cancelling
        thread, outcome = _contend(letter.pk, lambda: sending.letters_start_due(now=later))
        services.letter_unschedule(letter=letter, actor=letter.created_by)
    # The sweep skips the cancelled letter and starts the other one, itself.
    assert _finish(thread, outcome) == [other.pk]
    letter.refresh_from_db()
    assert letter.state == Letter.State.EDITING and letter.deliveries.count() == 0
    assert Letter.objects.get(pk=other.pk).state == Letter.State.SENT
    assert len(outbox) == 2


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_schedule_moved_later_while_the_sweep_waits_is_kept(due, outbox):
    (letter,), later = due()
    moved_to = later + dt.timedelta(hours=1)
    with transaction.atomic():
        Letter.objects.select_for_update().get(pk=letter.pk)
        thread, outcome = _contend(letter.pk, lambda: sending.letters_start_due(now=later))
        services.letter_schedule(letter=letter, actor=letter.created_by, when=moved_to)
    assert _finish(thread, outcome) == []
    letter.refresh_from_db()
    assert (letter.state, letter.scheduled_for) == (Letter.State.SCHEDULED, moved_to)
    assert outbox == []


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_start_a_letter_once(due, outbox):
    (letter,), later = due()
    with transaction.atomic():
        # The first sweep holds the letter and starts it...
        Letter.objects.select_for_update().get(pk=letter.pk)
        thread, outcome = _contend(letter.pk, lambda: sending.letters_start_due(now=later))
        assert sending.letters_start_due(now=later) == [letter.pk]
        started_at = Letter.objects.get(pk=letter.pk).sending_started_at
    # ...the second, which waited for it, finds it started and leaves it.
    assert _finish(thread, outcome) == []
    letter.refresh_from_db()
    assert letter.state == Letter.State.SENT and letter.sending_started_at == started_at
    assert len(outbox) == 2 == len({m.to[0] for m in outbox})  # one copy each


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_claim_skips_copies_another_worker_is_claiming_without_waiting(postgres, community):
    letter = _sending_letter(community, started_at=timezone.now())
    for _ in range(2):
        Delivery.objects.create(letter=letter, user=UserFactory(), email="y@example.org")
    outcome = {}

    def other_worker():
        try:
            outcome["claimed"] = sending.deliveries_claim(letter_id=letter.pk, limit=10)
        finally:
            connection.close()

    with transaction.atomic():  # this worker's claim is not committed yet
        mine = sending.deliveries_claim(letter_id=letter.pk, limit=2)
        thread = threading.Thread(target=other_worker)
        thread.start()
        thread.join(20)  # returns at once unless the other worker waits for our rows
        waited = thread.is_alive()
    thread.join(30)
    assert not waited, "the second claim waited for the first one's rows"
    assert len(mine) == 2 and len(outcome["claimed"]) == 1
    assert {d.pk for d in mine}.isdisjoint(d.pk for d in outcome["claimed"])


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_workers_finishing_at_once_finish_the_letter_once(postgres, community):
    letter = _sending_letter(community, started_at=timezone.now(), pending=False)
    with transaction.atomic():
        assert sending.letter_finish_if_done(letter_id=letter.pk) is True
        sent_at = Letter.objects.get(pk=letter.pk).sent_at
        thread, outcome = _contend(
            letter.pk, lambda: sending.letter_finish_if_done(letter_id=letter.pk))
    assert _finish(thread, outcome) is False
    assert Letter.objects.get(pk=letter.pk).sent_at == sent_at


def _blocked_in(thread, function) -> bool:
    """The thread waits on a condition inside `function` (or inside its copy
    under mutation testing, named `xǁClassǁfunction__mutmut_…`)."""
    frame = sys._current_frames().get(thread.ident)
    names = []
    while frame is not None:
        names.append(frame.f_code.co_name.rsplit("ǁ", 1)[-1].split("__mutmut_")[0])
        frame = frame.f_back
    return names[:2] == ["wait", function]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_never_more_than_the_window_of_accepted_copies_waits_for_its_mark(postgres, community):
    """docs/newsletters.md: at most MARK_WINDOW (32) copies accepted by the
    mail server wait for their mark; past that the sending thread waits."""
    assert sending.MARK_WINDOW == 32
    letter = _sending_letter(community, started_at=timezone.now())
    ids = [Delivery.objects.create(letter=letter, user=UserFactory(), email=f"m{n}@example.org",
                                   claim="token", claimed_at=timezone.now()).pk
           for n in range(sending.MARK_WINDOW + 8)]
    handed, errors = [], []

    def sending_thread():  # hands over each copy as the server accepts it
        try:
            marker = sending._Marker("token")
            for pk in ids:
                marker.mark(pk)
                handed.append(pk)
            marker.close()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    with transaction.atomic():
        # A slow database: the rows are locked here, so the first mark waits.
        list(Delivery.objects.select_for_update().filter(pk__in=ids))
        thread = threading.Thread(target=sending_thread)
        thread.start()
        wait_until(lambda: _blocked_in(thread, "mark"), timeout=30, interval=0.01,
                   what="the sending thread to wait for the marks")
        assert len(handed) == sending.MARK_WINDOW
    thread.join(30)
    assert not thread.is_alive() and errors == []
    assert Delivery.objects.filter(pk__in=ids, state="sent").count() == len(ids)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_each_accepted_copy_is_marked_while_the_batch_goes_on(postgres, community, settings):
    """The mark follows the server's 250 OK within moments, not at the end of
    the batch: the server answers the next message only once the previous
    copy is marked sent in the database."""
    from .processes import ScriptedSmtp

    letter = _sending_letter(community, started_at=timezone.now())
    SectionFactory(letter=letter, state="accepted")
    Delivery.objects.filter(letter=letter).update(email="m0@example.org")
    for n in (1, 2):
        Delivery.objects.create(letter=letter, user=UserFactory(), email=f"m{n}@example.org")
    server = ScriptedSmtp().start()
    marked_before = {}

    def previous_is_marked(recipients):
        n = int(recipients[0][1])
        if n:
            previous = f"m{n - 1}@example.org"
            try:
                wait_until(lambda: Delivery.objects.filter(email=previous, state="sent").exists(),
                           timeout=15, interval=0.01, what=f"{previous} to be marked")
                marked_before[n] = True
            except TimeoutError:
                marked_before[n] = False
            finally:
                connection.close()

    server.before_data = previous_is_marked
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        result = services.letter_send_batch(letter_id=letter.pk)
    finally:
        server.stop()
    assert marked_before == {1: True, 2: True}
    assert (result.sent, result.remaining) == (3, False)
