"""The edges of sending a letter, over a real SMTP server (aiosmtpd in a
thread, tests/newsletters/processes.py): each recipient's language, the
attempt limit, what a temporary (4xx) and a permanent (5xx) refusal do, a
mail server that cannot be reached, and addresses that are not ASCII.

docs/newsletters.md ("Sending: the edges") says which test pins which rule.
"""

import email
import logging
import smtplib
from email import policy

import pytest
from django.utils import translation

from newsletters import services
from newsletters.models import Delivery, Letter
from newsletters.services import sending
from tests.processes import free_port

from .processes import ScriptedSmtp

pytestmark = pytest.mark.django_db


@pytest.fixture
def server():
    server = ScriptedSmtp().start()
    yield server
    server.stop()


def _use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10


@pytest.fixture
def smtp(settings, server):
    _use_smtp(settings, server.port)
    return server


@pytest.fixture
def started(letter, accepted_section, gardener):
    """Start the letter's sending without running the task: the test sends."""

    def _start():
        services.letter_send_now(letter=letter, actor=gardener)
        letter.refresh_from_db()
        return letter

    return _start


def _received(server) -> dict[str, email.message.EmailMessage]:
    messages = [email.message_from_bytes(raw, policy=policy.default) for raw in server.contents]
    return {m["To"].addresses[0].addr_spec: m for m in messages}


def _row(address) -> Delivery:
    return Delivery.objects.get(email=address)


# --- Each recipient's language ----------------------------------------------------------------


@pytest.mark.parametrize("active", ["en", "fr"])
def test_each_recipient_reads_the_copy_in_their_own_language(
        own_languages, started, subscribers, smtp, active):
    # Given a French-, an English- and again a French-speaking subscriber...
    subscribers(1, email="zoe@example.org", display_name="Zoé", preferred_language="fr")
    subscribers(1, email="ada@example.org", display_name="Ada", preferred_language="en")
    subscribers(1, email="lea@example.org", display_name="Léa", preferred_language="fr")
    letter = started()
    # ...when one batch sends them, whatever language the worker runs in...
    with translation.override(active):
        result = services.letter_send_batch(letter_id=letter.pk)
    assert result.sent == 3
    received = _received(smtp)
    # ...each reads their own language, in the text and the HTML parts.
    for address, name, lang, hello, browser, unsubscribe in [
        ("zoe@example.org", "Zoé", "fr", "Bonjour", "Lire cette lettre dans votre navigateur :",
         "Se désabonner en un clic :"),
        ("lea@example.org", "Léa", "fr", "Bonjour", "Lire cette lettre dans votre navigateur :",
         "Se désabonner en un clic :"),
        ("ada@example.org", "Ada", "en", "Hello", "Read this letter in your browser:",
         "Unsubscribe in one click:"),
    ]:
        copy = received[address]
        text = copy.get_body(("plain",)).get_content()
        html = copy.get_body(("html",)).get_content()
        assert f"{hello} {name}," in text and f"{hello} {name}," in html
        assert browser in text and unsubscribe in text
        assert f'<html lang="{lang}">' in html
    # The subject is the community's name and the title as written: the same
    # words in every language (only a test copy adds a translated "[Test]").
    subjects = {copy["Subject"] for copy in received.values()}
    assert subjects == {f"{letter.community.name} · {letter.title}"}


def test_a_person_with_no_language_set_reads_the_sites_language(
        own_languages, started, subscribers, smtp, settings):
    settings.LANGUAGE_CODE = "fr"  # the site's language; the active one stays English
    blank, = subscribers(1, email="blank@example.org", display_name="Sam")
    type(blank).objects.filter(pk=blank.pk).update(preferred_language="")
    letter = started()
    services.letter_send_batch(letter_id=letter.pk)
    text = _received(smtp)["blank@example.org"].get_body(("plain",)).get_content()
    assert "Bonjour Sam," in text


# --- The attempt limit --------------------------------------------------------------------------


def test_the_last_attempt_is_made_and_the_one_after_gives_up(started, subscribers, smtp):
    """A copy is claimed at most MAX_ATTEMPTS times for sending: the claim that
    would be attempt MAX_ATTEMPTS + 1 marks it failed instead, unsent."""
    subscribers(1, email="last@example.org")
    subscribers(1, email="over@example.org")
    letter = started()
    Delivery.objects.filter(email="last@example.org").update(attempts=sending.MAX_ATTEMPTS - 1)
    Delivery.objects.filter(email="over@example.org").update(attempts=sending.MAX_ATTEMPTS)
    result = services.letter_send_batch(letter_id=letter.pk)
    assert (result.claimed, result.sent, result.failed) == (2, 1, 1)
    assert smtp.seen == ["last@example.org"]
    assert (_row("last@example.org").state, _row("last@example.org").attempts) == (
        "sent", sending.MAX_ATTEMPTS)
    gave_up = _row("over@example.org")
    assert gave_up.state == "failed" and gave_up.sent_at is None
    assert gave_up.error == f"gave up after {sending.MAX_ATTEMPTS} attempts"
    assert sending.MAX_ATTEMPTS == 5, "docs/newsletters.md promises five attempts"
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.SENT


def test_a_batch_where_every_copy_gave_up_opens_no_connection(started, subscribers, settings):
    subscribers(2)
    letter = started()
    letter.deliveries.update(attempts=sending.MAX_ATTEMPTS)
    _use_smtp(settings, free_port())  # nothing listens: a connection attempt would raise
    result = services.letter_send_batch(letter_id=letter.pk)
    assert (result.claimed, result.sent, result.failed, result.remaining) == (2, 0, 2, False)
    assert set(letter.deliveries.values_list("state", flat=True)) == {"failed"}
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.SENT


# --- Temporary (4xx) and permanent (5xx) refusals -----------------------------------------------


@pytest.mark.parametrize(("phase", "reply"), [
    ("rcpt", "421 4.3.2 Service shutting down"),
    ("rcpt", "450 4.2.1 Mailbox busy, try later"),
    ("rcpt", "499 4.0.0 Any other 4yz"),
    ("data", "451 4.3.0 Local error, try later"),
])
def test_a_temporary_refusal_gives_the_copy_and_the_rest_back_at_once(
        started, subscribers, smtp, phase, reply):
    subscribers(1, email="first@example.org")
    subscribers(1, email="busy@example.org")
    subscribers(1, email="after@example.org")
    letter = started()
    getattr(smtp, f"at_{phase}")["busy@example.org"] = reply
    with pytest.raises(smtplib.SMTPException) as raised:
        services.letter_send_batch(letter_id=letter.pk)
    assert raised.value.__class__ in (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)
    # The copy before was sent; the refused one and every later one are
    # pending and free for the next attempt (no lease to wait for).
    assert _row("first@example.org").state == "sent"
    for address in ("busy@example.org", "after@example.org"):
        row = _row(address)
        assert (row.state, row.claim, row.claimed_at, row.attempts) == ("pending", "", None, 1)
    assert reply[:3] in _row("busy@example.org").error
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.SENDING
    # The server accepts again: the retry sends the two, and only them.
    smtp.at_rcpt.clear()
    smtp.at_data.clear()
    result = services.letter_send_batch(letter_id=letter.pk)
    assert (result.claimed, result.sent, result.remaining) == (2, 2, False)
    assert smtp.per_recipient() == {
        "first@example.org": 1, "busy@example.org": 1, "after@example.org": 1}
    assert _row("busy@example.org").attempts == 2
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.SENT


@pytest.mark.parametrize(("phase", "reply"), [
    ("rcpt", "500 5.5.2 The lowest permanent code"),
    ("rcpt", "550 5.1.1 No such user"),
    ("data", "500 5.5.2 The lowest permanent code"),
    ("data", "554 5.7.1 Message refused"),
])
def test_a_permanent_refusal_fails_that_copy_only_and_sending_goes_on(
        started, subscribers, smtp, phase, reply):
    subscribers(1, email="worn@example.org")
    subscribers(1, email="first@example.org")
    subscribers(1, email="gone@example.org")
    subscribers(1, email="after@example.org")
    letter = started()
    Delivery.objects.filter(email="worn@example.org").update(attempts=sending.MAX_ATTEMPTS)
    getattr(smtp, f"at_{phase}")["gone@example.org"] = reply
    result = services.letter_send_batch(letter_id=letter.pk)
    # Counted with the copy that had used up its attempts: two failed.
    assert (result.claimed, result.sent, result.failed, result.remaining) == (4, 2, 2, False)
    assert result.mark_updates == 2  # marked one by one inside a test's transaction
    states = dict(letter.deliveries.values_list("email", "state"))
    assert states == {"first@example.org": "sent", "gone@example.org": "failed",
                      "after@example.org": "sent", "worn@example.org": "failed"}
    gone = _row("gone@example.org")
    assert reply[:3] in gone.error and gone.sent_at is None
    assert sorted(smtp.per_recipient()) == ["after@example.org", "first@example.org"]
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.SENT


def test_a_temporary_refusal_after_a_permanent_one_keeps_both_verdicts(
        started, subscribers, smtp):
    """The permanent refusal is marked failed at the end of the batch, after
    the temporary one gave back the rest: giving back must not reach it."""
    subscribers(1, email="worn@example.org")
    subscribers(1, email="gone@example.org")
    subscribers(1, email="busy@example.org")
    letter = started()
    Delivery.objects.filter(email="worn@example.org").update(attempts=sending.MAX_ATTEMPTS)
    smtp.at_rcpt.update({"gone@example.org": "550 No such user",
                         "busy@example.org": "450 Try later"})
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        services.letter_send_batch(letter_id=letter.pk)
    assert _row("worn@example.org").state == "failed"
    assert _row("gone@example.org").state == "failed"
    busy = _row("busy@example.org")
    assert (busy.state, busy.claim, busy.claimed_at) == ("pending", "", None)


@pytest.mark.parametrize("code", ["450", "550"])
def test_a_long_reply_is_kept_to_its_first_2000_characters(started, subscribers, smtp, code):
    subscribers(1, email="long@example.org")
    letter = started()
    smtp.at_rcpt["long@example.org"] = f"{code} " + "x" * 3000
    try:
        services.letter_send_batch(letter_id=letter.pk)
    except smtplib.SMTPRecipientsRefused:
        assert code == "450"
    error = _row("long@example.org").error
    assert len(error) == 2000 and code in error


# --- A mail server that cannot be reached ---------------------------------------------------


def test_a_mail_server_that_cannot_be_reached_gives_every_claimed_copy_back(
        started, subscribers, settings):
    subscribers(3)
    subscribers(1, email="worn@example.org")
    letter = started()
    Delivery.objects.filter(email="worn@example.org").update(attempts=sending.MAX_ATTEMPTS)
    port = free_port()
    _use_smtp(settings, port)  # nothing listens there yet
    with pytest.raises(OSError):
        services.letter_send_batch(letter_id=letter.pk)
    rows = letter.deliveries.exclude(email="worn@example.org")
    assert [(r.state, r.claim, r.claimed_at, r.attempts) for r in rows] == [
        ("pending", "", None, 1)] * 3
    assert all(r.error.startswith("connection: ") for r in rows)
    # The copy that had used up its attempts is failed all the same.
    assert _row("worn@example.org").state == "failed"
    # The server comes up: the next batch sends the three at once.
    server = ScriptedSmtp(port).start()
    try:
        result = services.letter_send_batch(letter_id=letter.pk)
    finally:
        server.stop()
    assert (result.claimed, result.sent, result.remaining) == (3, 3, False)
    assert sorted(server.per_recipient().values()) == [1, 1, 1]


def test_a_connection_that_fails_to_close_is_logged_and_the_batch_stands(
        started, subscribers, smtp, caplog):
    subscribers(1, email="zoe@example.org")
    letter = started()
    smtp.at_quit = "221 " + "x" * 9000  # smtplib refuses the line: closing raises
    with caplog.at_level(logging.DEBUG, logger="newsletters.services.sending"):
        result = services.letter_send_batch(letter_id=letter.pk)
    assert (result.sent, result.remaining) == (1, False)
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.SENT
    [record] = [r for r in caplog.records if r.name == "newsletters.services.sending"]
    assert record.getMessage() == "closing the SMTP connection failed"
    assert record.levelno == logging.DEBUG and "Line too long" in str(record.exc_info[1])


# --- Addresses that are not ASCII ------------------------------------------------------------


def test_an_internationalised_domain_is_sent_in_its_idna_form(started, subscribers, smtp):
    subscribers(1, email="zoe@bücher.example", display_name="Zoé")
    letter = started()
    result = services.letter_send_batch(letter_id=letter.pk)
    assert (result.sent, result.failed) == (1, 0)
    assert smtp.per_recipient() == {"zoe@xn--bcher-kva.example": 1}
    copy = _received(smtp)["zoe@xn--bcher-kva.example"]
    assert copy["To"].addresses[0].display_name == "Zoé"
    assert _row("zoe@bücher.example").state == "sent"


def test_an_address_no_server_can_take_without_smtputf8_fails_with_its_reason_alone(
        started, subscribers, smtp):
    subscribers(1, email="before@example.org")
    subscribers(1, email="zoé@example.org")
    subscribers(1, email="between@example.org")
    subscribers(1, email="zoe@bü..example")
    subscribers(1, email="after@example.org")
    letter = started()
    result = services.letter_send_batch(letter_id=letter.pk)
    assert (result.sent, result.failed, result.remaining) == (3, 2, False)
    assert smtp.seen == ["before@example.org", "between@example.org", "after@example.org"]
    for address, reason in [
        ("zoé@example.org", "not sent: the part before @ is not ASCII (SMTPUTF8 is not used)"),
        ("zoe@bü..example", "not sent: the domain has no IDNA form ("),
    ]:
        row = _row(address)
        assert row.state == "failed" and row.error.startswith(reason), row.error
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.SENT


def test_a_plain_address_is_handed_over_unchanged_and_only_the_domain_is_encoded():
    for address in ["a.b+c@example.org", "O'Brien@Example.ORG", "x@[127.0.0.1]",
                    '"john doe"@example.org', '"a@b"@example.org']:
        assert sending.smtp_address(address) == address
    assert sending.smtp_address('"a@b"@bücher.example') == '"a@b"@xn--bcher-kva.example'


def test_the_sender_is_the_address_of_default_from_email_whatever_its_name(
        started, subscribers, smtp, settings):
    settings.DEFAULT_FROM_EMAIL = "Terreau Éducation populaire <lettres@terreau.example>"
    subscribers(1, email="zoe@example.org")
    letter = started()
    services.letter_send_batch(letter_id=letter.pk)
    assert smtp.senders == ["lettres@terreau.example"]
    sender = _received(smtp)["zoe@example.org"]["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == (
        "Terreau Éducation populaire", "lettres@terreau.example")
