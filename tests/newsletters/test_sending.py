"""Sending: who receives, what each copy holds, and deliveries claimed safely."""

import datetime as dt
import email
import re
import threading

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.utils import timezone

from communities.models import Circle
from newsletters import selectors, services, tasks
from newsletters.models import Delivery, Letter
from newsletters.services import sending
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

from .backends import FlakyBackend
from .factories import LetterFactory, SectionFactory, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.newsletters.backends.FlakyBackend"
    FlakyBackend.reset()
    yield FlakyBackend
    FlakyBackend.reset()


@pytest.fixture
def ready(letter, accepted_section):
    """A letter with an accepted section, sending not started."""
    return letter


def _start(letter, gardener):
    """Start sending without running the task (as if no worker were up yet)."""
    services.letter_send_now(letter=letter, actor=gardener)
    letter.refresh_from_db()
    return letter


def _recipients(outbox) -> list[str]:
    return sorted(m.to[0].split("<")[-1].rstrip(">") for m in outbox)


# --- Who receives it ------------------------------------------------------------------


def test_only_agreed_verified_active_members_of_the_chosen_circles(ready, community,
                                                                   subscribers):
    engaged, = subscribers(1, email="engaged-ok@example.org")
    informed, = subscribers(1, circle=Circle.INFORMED, email="informed-ok@example.org")
    subscribers(1, circle=Circle.CITIZENS, email="citizen@example.org")  # not in the audience
    unverified, = subscribers(1, email="unverified@example.org")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    inactive, = subscribers(1, email="inactive@example.org")
    inactive.is_active = False
    inactive.save()
    MembershipFactory(community=community, circle=Circle.ENGAGED,
                      user=UserFactory(email="never-agreed@example.org"))
    stopped, = subscribers(1, email="stopped@example.org")
    services.subscription_set(user=stopped, community=community, subscribed=False)
    assert sorted(u.email for u in selectors.recipients(ready)) == [
        "engaged-ok@example.org", "informed-ok@example.org"]
    assert selectors.recipient_count(ready) == 2


def test_a_person_in_several_chosen_circles_gets_one_copy(ready, community, people, commit,
                                                         outbox):
    other = CommunityFactory()
    person = UserFactory(email="both@example.org")
    for where in (community, other):
        MembershipFactory(community=where, user=person, circle=Circle.ENGAGED)
        subscribe(person, where)
    services.letter_set_audience(letter=ready, actor=people["cultivator"], circles=[
        (community, Circle.ENGAGED), (other, Circle.ENGAGED)])
    commit(services.letter_send_now, letter=ready, actor=people["cultivator"])
    assert _recipients(outbox) == ["both@example.org"]
    assert ready.deliveries.count() == 1


# --- What each copy holds ------------------------------------------------------------------


def test_each_copy_is_personal_with_html_text_web_link_and_one_click_unsubscribe(
        ready, gardener, subscribers, commit, outbox, settings):
    settings.SITE_URL = "https://terreau.example"
    alice, = subscribers(1, email="alice@example.org", display_name="Alice Martin")
    commit(services.letter_send_now, letter=ready, actor=gardener)
    [message] = outbox
    delivery = Delivery.objects.get(user=alice)
    assert message.to == ["Alice Martin <alice@example.org>"]
    assert "Hello Alice Martin," in message.body
    html = message.alternatives[0][0]
    assert "Hello Alice Martin," in html
    assert re.search(r'<h2 style="[^"]+">', html), "CSS is inlined"
    web = f"https://terreau.example/newsletters/{ready.pk}/web/"
    assert web in message.body and web in html
    parsed = email.message_from_bytes(message.message().as_bytes())
    unsubscribe = " ".join(parsed["List-Unsubscribe"].split())  # unfolded
    assert re.fullmatch(r"<https://terreau\.example/newsletters/unsubscribe/[^>]+/>", unsubscribe)
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in message.body and unsubscribe[1:-1] in html
    assert parsed["Message-ID"] == f"<letter-{ready.pk}.delivery-{delivery.pk}@terreau.localhost>"
    assert parsed["List-Id"].endswith(f"<{ready.community.slug}.newsletters.terreau.localhost>")


def test_a_name_with_markup_is_escaped_in_the_html(ready, gardener, subscribers, commit, outbox):
    subscribers(1, display_name="<b>Bob</b> & co")
    commit(services.letter_send_now, letter=ready, actor=gardener)
    [message] = outbox
    assert "Hello &lt;b&gt;Bob&lt;/b&gt; &amp; co," in message.alternatives[0][0]
    assert "Hello <b>Bob</b> & co," in message.body


# --- Deliveries: created once, claimed once -------------------------------------------------


def test_starting_creates_one_delivery_per_recipient_once(ready, gardener, subscribers):
    subscribers(4)
    letter = _start(ready, gardener)
    assert letter.state == Letter.State.SENDING and letter.recipients_total == 4
    with pytest.raises(Exception):
        services.letter_send_now(letter=letter, actor=gardener)
    sending.start_sending(Letter.objects.get(pk=letter.pk))  # a replay: no duplicates
    assert letter.deliveries.count() == 4


def test_two_claims_take_different_copies_and_a_live_lease_is_respected(ready, gardener,
                                                                        subscribers):
    subscribers(5)
    letter = _start(ready, gardener)
    first = sending.deliveries_claim(letter_id=letter.pk, limit=3)
    second = sending.deliveries_claim(letter_id=letter.pk, limit=3)
    third = sending.deliveries_claim(letter_id=letter.pk, limit=3)
    assert len(first) == 3 and len(second) == 2 and third == []
    assert not {d.pk for d in first} & {d.pk for d in second}


def test_an_expired_lease_is_taken_over(ready, gardener, subscribers, settings):
    settings.NEWSLETTER_LEASE_SECONDS = 60
    subscribers(2)
    letter = _start(ready, gardener)
    held = sending.deliveries_claim(letter_id=letter.pk, limit=10)
    later = timezone.now() + dt.timedelta(seconds=61)
    taken = sending.deliveries_claim(letter_id=letter.pk, limit=10, now=later)
    assert {d.pk for d in taken} == {d.pk for d in held}
    assert all(d.attempts == 2 for d in taken)


def test_a_batch_uses_one_connection_and_marks_each_copy(ready, gardener, subscribers, flaky,
                                                        settings):
    settings.NEWSLETTER_BATCH_SIZE = 10
    subscribers(4)
    letter = _start(ready, gardener)
    mail.outbox.clear()
    result = services.letter_send_batch(letter_id=letter.pk)
    assert (result.claimed, result.sent, result.remaining) == (4, 4, False)
    assert flaky.opened == 1
    assert set(letter.deliveries.values_list("state", flat=True)) == {"sent"}
    letter.refresh_from_db()
    assert letter.state == Letter.State.SENT and letter.sent_at is not None


def test_a_refused_address_fails_alone(ready, gardener, subscribers, flaky):
    subscribers(1, email="ok@example.org")
    subscribers(1, email="gone@example.org")
    flaky.refuse = {"gone@example.org"}
    letter = _start(ready, gardener)
    services.letter_send_batch(letter_id=letter.pk)
    states = dict(letter.deliveries.values_list("email", "state"))
    assert states == {"ok@example.org": "sent", "gone@example.org": "failed"}
    assert "550" in Delivery.objects.get(email="gone@example.org").error
    letter.refresh_from_db()
    assert letter.state == Letter.State.SENT
    assert selectors.progress(letter).as_dict() == {
        "total": 2, "sent": 1, "failed": 1, "pending": 0, "percent": 100}


def test_a_server_going_away_mid_batch_loses_and_repeats_nothing(ready, gardener, subscribers,
                                                               flaky):
    subscribers(5)
    letter = _start(ready, gardener)
    mail.outbox.clear()
    flaky.die_after = 2
    with pytest.raises(Exception, match="unexpectedly closed"):
        services.letter_send_batch(letter_id=letter.pk)
    assert letter.deliveries.filter(state="sent").count() == 2
    # The unsent copies were given back at once: no need to wait for the lease.
    assert letter.deliveries.filter(state="pending", claimed_at__isnull=True).count() == 3
    flaky.die_after = None
    services.letter_send_batch(letter_id=letter.pk)
    assert len(mail.outbox) == 5
    assert len(set(_recipients(mail.outbox))) == 5


def test_the_task_goes_on_batch_after_batch_until_done(ready, gardener, subscribers, settings,
                                                      commit, outbox):
    settings.NEWSLETTER_BATCH_SIZE = 2
    subscribers(5)
    commit(services.letter_send_now, letter=ready, actor=gardener)
    assert len(outbox) == 5 and len(set(_recipients(outbox))) == 5
    ready.refresh_from_db()
    assert ready.state == Letter.State.SENT


def test_the_sweep_starts_due_letters_and_resumes_stalled_ones(ready, gardener, subscribers,
                                                              settings, outbox,
                                                              django_capture_on_commit_callbacks):
    subscribers(3)
    services.letter_schedule(letter=ready, actor=gardener,
                             when=timezone.now() + dt.timedelta(minutes=5))
    assert tasks.sweep() == {"started": [], "resumed": []}
    Letter.objects.filter(pk=ready.pk).update(scheduled_for=timezone.now())
    # The broker lost the task (a Redis restart): nothing runs on commit...
    with django_capture_on_commit_callbacks(execute=False):
        assert tasks.sweep()["started"] == [ready.pk]
    assert outbox == []
    # ...so a sweep a lease later finds copies nobody touched and resumes them.
    assert tasks.sweep()["resumed"] == []
    later = (timezone.now() + dt.timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS + 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep(now=later.isoformat())["resumed"] == [ready.pk]
    assert len(outbox) == 3
    ready.refresh_from_db()
    assert ready.state == Letter.State.SENT


def test_a_worker_that_died_holding_copies_is_resumed_after_its_lease(ready, gardener,
                                                                     subscribers, settings,
                                                                     outbox):
    settings.NEWSLETTER_LEASE_SECONDS = 60
    subscribers(3)
    letter = _start(ready, gardener)
    sending.deliveries_claim(letter_id=letter.pk, limit=10)  # then the worker died
    assert sending.letters_to_resume() == []
    later = timezone.now() + dt.timedelta(seconds=61)
    assert sending.letters_to_resume(now=later) == [letter.pk]


def test_too_many_attempts_give_up(ready, gardener, subscribers):
    subscribers(1)
    letter = _start(ready, gardener)
    letter.deliveries.update(attempts=sending.MAX_ATTEMPTS)
    services.letter_send_batch(letter_id=letter.pk)
    assert letter.deliveries.get().state == "failed"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_overlap_on_postgresql(postgres, community, pair, monkeypatch):
    monkeypatch.setattr(tasks.send_letter, "delay", lambda *args: None)  # no worker here
    letter = LetterFactory(community=community)
    SectionFactory(letter=letter, state="accepted")
    for _ in range(60):
        user = MembershipFactory(community=community, circle=Circle.ENGAGED).user
        subscribe(user, community)
    _start(letter, pair.territory_gardener)
    claimed: list[list[int]] = []
    barrier = threading.Barrier(6)

    def worker():
        barrier.wait()
        try:
            while batch := sending.deliveries_claim(letter_id=letter.pk, limit=4):
                claimed.append([d.pk for d in batch])
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [pk for batch in claimed for pk in batch]
    assert len(every) == len(set(every)) == 60


def test_the_assembled_mime_reads_back_as_what_was_rendered(ready, gardener, subscribers,
                                                            commit, outbox):
    """The copy's bytes are assembled by hand (rendering.PreparedMessage):
    a standard parser must read back the same headers and parts."""
    from email import policy

    ready.community.name = "Biodiversité & co"
    ready.community.save()
    ready.title = "Été : « semis » partagés"
    ready.save()
    subscribers(1, email="zoe@example.org", display_name="Zoé d'Arc, \"la\" voisine")
    commit(services.letter_send_now, letter=ready, actor=gardener)
    [message] = outbox
    parsed = email.message_from_bytes(message.message().as_bytes(linesep="\r\n"),
                                      policy=policy.default)
    assert parsed["Subject"] == "Biodiversité & co · Été : « semis » partagés"
    assert parsed["To"].addresses[0].display_name == "Zoé d'Arc, \"la\" voisine"
    assert parsed["To"].addresses[0].addr_spec == "zoe@example.org"
    assert parsed["List-Id"].startswith("Biodiversité & co <")
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert text.replace("\r\n", "\n") == message.body
    assert html.replace("\r\n", "\n") == message.alternatives[0][0].replace("\r\n", "\n")
    assert "Hello Zoé d'Arc, \"la\" voisine," in text
