"""Sending through Django's SMTP backend to a real SMTP server (aiosmtpd),
and the pieces that make it fast: quoted-printable assembled line by line,
the unsubscribe signature, marks grouped by a second thread."""

import email
import re
import threading
import time
from email import policy

import pytest
from django.core import signing

from newsletters import rendering, selectors, services, tokens
from newsletters.models import Delivery, Letter
from newsletters.services import sending

from .processes import SmtpSink

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp(settings, sink):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://terreau.example"
    return sink


def _received(sink) -> dict[str, email.message.EmailMessage]:
    """What the server accepted, parsed by the standard library, by recipient."""
    messages = [email.message_from_bytes(raw, policy=policy.default) for raw in sink.contents]
    return {m["To"].addresses[0].addr_spec: m for m in messages}


def test_over_smtp_each_copy_is_personal_html_with_inlined_css_text_and_one_click_unsubscribe(
        letter, accepted_section, gardener, subscribers, smtp):
    # Given three subscribers, one whose name carries markup and accents.
    zoe, = subscribers(1, email="zoe@example.org", display_name="Zoé <b>d'Arc</b> & co")
    others = subscribers(2)
    services.letter_send_now(letter=letter, actor=gardener)
    letter.refresh_from_db()

    # When a worker sends the batch to the mail server...
    result = services.letter_send_batch(letter_id=letter.pk)

    # ...the server received one copy per person, each marked sent.
    assert (result.sent, result.failed, result.remaining) == (3, 0, False)
    assert sorted(smtp.per_recipient().items()) == sorted(
        (u.email, 1) for u in [zoe, *others])
    assert set(letter.deliveries.values_list("state", flat=True)) == {"sent"}
    assert Letter.objects.get(pk=letter.pk).state == Letter.State.SENT
    received = _received(smtp)
    copy = received["zoe@example.org"]
    assert copy["To"].addresses[0].display_name == "Zoé <b>d'Arc</b> & co"
    assert copy.get_content_type() == "multipart/alternative"
    text = copy.get_body(("plain",)).get_content()
    html = copy.get_body(("html",)).get_content()
    # A personal greeting, escaped in the HTML.
    assert "Hello Zoé <b>d'Arc</b> & co," in text
    assert "Hello Zoé &lt;b&gt;d&#x27;Arc&lt;/b&gt; &amp; co," in html
    assert re.search(r'<h2 style="[^"]+">', html), "CSS is inlined"
    web = f"https://terreau.example/newsletters/{letter.pk}/web/"
    assert web in text and web in html
    # RFC 8058: a one-click link, signed for this person and community, in
    # the headers and the footer.
    unsubscribe = " ".join(copy["List-Unsubscribe"].split())
    match = re.fullmatch(r"<https://terreau\.example/newsletters/unsubscribe/([^/>]+)/>",
                         unsubscribe)
    assert match, unsubscribe
    assert tokens.read(match[1]) == (zoe.pk, letter.community_id)
    assert copy["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in text and unsubscribe[1:-1] in html
    delivery = Delivery.objects.get(user=zoe)
    assert copy["Message-ID"] == delivery.message_id()
    # Every copy carries its own name and link.
    for user in others:
        other = received[user.email]
        assert f"Hello {user.display_name}," in other.get_body(("plain",)).get_content()
        assert other["List-Unsubscribe"] != copy["List-Unsubscribe"]


def test_the_copy_sent_over_smtp_reads_as_the_one_other_backends_get(
        letter, accepted_section, gardener, subscribers, smtp):
    """The SMTP path sends assembled bytes; the outbox and the tests get an
    EmailMessage: both must say the same."""
    subscribers(1, email="ada@example.org", display_name="  Ada\tLovelace  ")
    services.letter_send_now(letter=letter, actor=gardener)
    services.letter_send_batch(letter_id=letter.pk)
    sent = _received(smtp)["ada@example.org"]
    delivery = Delivery.objects.select_related("user").get()
    rendered = rendering.render_letter(letter, selectors.accepted_sections(letter),
                                       language="en")
    message = rendering.build_message(
        letter, rendered, email=delivery.email, name=str(delivery.user),
        user_id=delivery.user_id, message_id=delivery.message_id())
    assert sent.get_body(("plain",)).get_content().replace("\r\n", "\n") == message.body
    assert (sent.get_body(("html",)).get_content().replace("\r\n", "\n")
            == message.alternatives[0][0].replace("\r\n", "\n"))
    assert sent["To"].addresses[0].display_name == "Ada Lovelace"
    assert message.to == ["Ada Lovelace <ada@example.org>"]


@pytest.mark.parametrize("name", [
    "Zoé", "", "a" * 300, "trailing spaces   ", "tab\there", "= equals =3D", "line\nbreak",
    "Ĳsbrand “quoted” 🌱", "<script>alert(1)</script> & co",
])
def test_quoted_printable_assembled_line_by_line_equals_encoding_the_whole_copy(
        letter, accepted_section, name):
    rendered = rendering.render_letter(letter, selectors.accepted_sections(letter),
                                       language="en")
    link = "https://terreau.example/newsletters/unsubscribe/12.3:abc-_/"
    text, html = rendering.personalise(rendered, name=name, unsubscribe=link)
    assert rendering._qp_personal(rendered, "plain", name=name, unsubscribe=link) == \
        rendering._qp(text)
    from django.utils.html import escape

    assert rendering._qp_personal(rendered, "html", name=escape(name),
                                  unsubscribe=escape(link)) == rendering._qp(html)
    # Only the lines with a name or a link are left to encode per copy.
    personal = [p for p in rendering._qp_parts(rendered, "html") if isinstance(p, str)]
    assert 1 <= len(personal) <= 4


@pytest.mark.parametrize("ids", [(1, 2), (98765, 4), (0, 0)])
def test_the_unsubscribe_token_is_djangos_signature(ids, settings):
    user_id, community_id = ids
    expected = signing.Signer(salt=tokens.SALT).sign(f"{user_id}.{community_id}")
    assert tokens.make(user_id=user_id, community_id=community_id) == expected
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert tokens.make(user_id=user_id, community_id=community_id) != expected
    assert tokens.read(tokens.make(user_id=user_id, community_id=community_id)) == ids


# --- Marks grouped by a second thread ----------------------------------------------------------


def test_marks_are_grouped_in_order_and_never_more_than_the_window(monkeypatch):
    groups: list[list[int]] = []

    def slow_mark(ids, claim):
        assert claim == "token"
        groups.append(list(ids))
        time.sleep(0.02)  # a slow disk: copies keep being accepted meanwhile

    monkeypatch.setattr(sending.marking, "_mark_sent", slow_mark)
    marker = sending._Marker("token")
    for delivery_id in range(1, 201):
        marker.mark(delivery_id)
        time.sleep(0.0005)
    marker.close()
    assert [i for group in groups for i in group] == list(range(1, 201))
    assert max(len(group) for group in groups) <= sending.MARK_WINDOW
    assert len(groups) < 200 and marker.updates == len(groups)


def test_a_failing_mark_stops_the_sending(monkeypatch):
    failed = threading.Event()

    def broken_mark(ids, claim):
        failed.set()
        raise RuntimeError("database gone")

    monkeypatch.setattr(sending.marking, "_mark_sent", broken_mark)
    marker = sending._Marker("token")
    marker.mark(1)
    failed.wait(5)
    with pytest.raises(RuntimeError, match="database gone"):
        for delivery_id in range(2, 100):
            marker.mark(delivery_id)
            time.sleep(0.01)
    with pytest.raises(RuntimeError):
        marker.close()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_batch_is_marked_by_fewer_updates_before_the_task_returns(
        postgres, community, pair, smtp, settings, monkeypatch):
    from communities.models import Circle
    from newsletters import tasks
    from tests.factories import MembershipFactory

    from .factories import LetterFactory, SectionFactory, subscribe

    monkeypatch.setattr(tasks.send_letter, "delay", lambda *args: None)  # no worker here
    settings.NEWSLETTER_BATCH_SIZE = 60
    letter = LetterFactory(community=community)
    SectionFactory(letter=letter, state="accepted")
    for _ in range(60):
        subscribe(MembershipFactory(community=community, circle=Circle.ENGAGED).user, community)
    services.letter_send_now(letter=letter, actor=pair.territory_gardener)
    result = services.letter_send_batch(letter_id=letter.pk)
    assert result.sent == 60 and smtp.count == 60
    assert letter.deliveries.filter(state="sent").count() == 60
    assert 1 <= result.mark_updates <= 60
