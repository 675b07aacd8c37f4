"""Every e-mail the platform sends is in the one layout (docs/email.md): an
HTML part with the header, the footer and the CSS inlined, a text part, a
one-line subject, absolute links. One test per notification kind of the
registry (a new kind without a case here fails), the digest, the letter
itself and allauth's account e-mails."""

import datetime as dt
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from communities import services as communities
from communities.models import Circle
from events import services as events
from events import tokens
from events.models import EventMessage
from newsletters import rendering
from newsletters.models import Letter
from notifications import kinds, services
from notifications.models import Notification
from notifications.tasks import send_digests
from tests.accounts.helpers import STRONG_PASSWORD
from tests.events.factories import EventFactory
from tests.factories import (
    CommunityFactory,
    DirectionFactory,
    GardenerPairFactory,
    MembershipFactory,
    UserFactory,
)
from tests.newsletters.factories import LetterFactory, SectionFactory

pytestmark = pytest.mark.django_db

SITE = "https://terreau.example.org"
RELATIVE_PATH = re.compile(r"(?<![\w/:.\-])/(communities|events|me|newsletters|accounts|letters)/")


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.SITE_URL = SITE


def assert_in_the_layout(message):
    """What every e-mail must be, whoever sends it."""
    assert message.subject == message.subject.strip() and "\n" not in message.subject
    assert message.subject and not message.subject[0].isspace()
    text = message.body
    assert text.strip(), "a text part"
    assert not RELATIVE_PATH.search(text), f"a relative link in the text of {message.subject!r}"
    html_parts = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(html_parts) == 1, f"one HTML alternative in {message.subject!r}"
    html = html_parts[0]
    assert 'data-layout="terreau-email"' in html
    assert re.search(r'<a class="brand"[^>]*>Terreau</a>', html), "the header"
    assert re.search(r'<td class="foot"[^>]* style="[^"]+">', html), "the footer"
    assert re.search(r'<table class="sheet"[^>]* style="[^"]*max-width: 600px', html), \
        "600 px, inlined"
    assert "@media (prefers-color-scheme: dark)" in html, "dark-mode colours"
    [style] = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    outside_media = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", style)
    assert outside_media.strip() == "", "the CSS is inlined, only @media stays"
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("https://", "mailto:")) for h in hrefs), hrefs
    assert any(h.startswith(SITE + "/") for h in hrefs)
    return html


def sent(django_capture_on_commit_callbacks, fn, *args, **kwargs):
    """The e-mails that leave when `fn` commits."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fn(*args, **kwargs)
    messages = list(mail.outbox)
    mail.outbox.clear()
    return messages


# --- One case per kind ---------------------------------------------------------------------


@pytest.fixture
def scene(django_capture_on_commit_callbacks):
    """An event with one seat: Anna holds it, Ben waits, Zoé (no account) has
    to confirm her address; a community, its gardeners and a letter."""
    community = CommunityFactory(name="Alimentation durable")
    pair = GardenerPairFactory(community=community)
    anna = MembershipFactory(community=community,
                             user__display_name="Anna Lefèvre").user
    ben = UserFactory(display_name="Ben Smith", preferred_language="en")
    services.preferences_set(user=anna, frequencies={
        key: "immediately" for key in kinds.choosable()})
    event = EventFactory(community=community, capacity=1, format="hybrid",
                         online_url="https://visio.example.net/atelier")
    with django_capture_on_commit_callbacks(execute=True):
        seated = events.registration_create(event=event, user=anna)
        waiting = events.registration_create(event=event, user=ben)
        pending = events.registration_create(event=event, name="Zoé", email="zoe@example.org",
                                             consent=True, language="en")
    mail.outbox.clear()
    return {
        "community": community, "pair": pair, "anna": anna, "ben": ben, "event": event,
        "seated": seated, "waiting": waiting, "pending": pending,
    }


def _event_kind(key, s, registration="seated", **email_kwargs):
    event = s["event"]
    return lambda: services.notify(
        [s[registration]], key, community=event.community, url=event.get_absolute_url(),
        data={"event": event.title}, email_kwargs=email_kwargs)


def _line_kind(key, s):
    return lambda: services.notify(
        [s["anna"]], key, actor=s["ben"], community=s["community"],
        url=s["community"].get_absolute_url(),
        data={"title": "Un local pour la grainothèque", "group": "Semences", "channel": "général",
              "excerpt": "On se voit samedi ?",
              "status": "in_progress", "answer": "Nous cherchons.", "event": "Troc de graines",
              "decision": "hidden", "what": "a message", "community": "Alimentation durable",
              "note": "Publicité", "call": "Quartiers fertiles", "amount": "12000",
              "reasons": "Budget incomplet", "days": 7, "organisation": "Les Jardins partagés",
              "council": "Conseil citoyen de Malakoff", "number": "C-0012",
              "process": "Place du marché", "proposal": "Des bancs", "reason": "Hors mandat",
              "phase": "Contributions", "ends": "12/03/2027",
              "barometer": "Baromètre des habitants", "wave": "Printemps 2027",
              "closes": "30/04/2027 18:00", "change": "muted", "until": "12/03/2027 18:00"})


def _outside_call(s):
    """Another funding call on the themes of Anna's community, shared by Ben
    (the watch, calls/watch/): she is told, by the task run after commit."""
    from calls.watch import services as watch

    s["community"].themes.set(["alimentation"])
    watch.outside_call_post(
        poster=s["ben"], title="Fonds alimentation locale", funder="Région Occitanie",
        url="https://www.laregion.fr/appel", deadline=dt.date.today() + dt.timedelta(days=30),
        themes=["alimentation"], territory="")


def _elected_digest(s):
    """Anna, an elected official of the scene's community: her monthly digest."""
    from roles.services import elected_mark

    official = elected_mark(person=s["anna"], communities=[s["community"]], actor=s["ben"])
    return services.notify([s["anna"]], "elected_digest", about=official,
                           email_kwargs={"month": "2027-02-01"}, data={"communities": "x"})


def _candidate():
    """A resident who volunteered for a council (no account: e-mailed directly)."""
    from councils import services as councils

    council = councils.council_create(
        name="Conseil citoyen de Malakoff", slug="malakoff", territory="Nantes, Malakoff",
        direction=DirectionFactory(), term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2028, 12, 31), colleges=[("Habitants", 12)], sub_areas=["Nord"],
    )
    values = {c.key: c.categories[0] for c in council.characteristics.all()}
    return councils.candidate_volunteer(
        council=council, name="Zoé Martin", email="zoe.martin@example.org",
        territory="Malakoff", characteristics=values, consent_given=True)


def _circle_request(s):
    return communities.circle_request_create(
        community=s["community"], user=s["anna"], circle=Circle.ENGAGED, message="Je veux aider.")


def _decided(s):
    request = _circle_request(s)
    communities.circle_request_decline(
        community=s["community"], request_id=request.pk,
        actor=s["pair"].territory_gardener, answer="Rejoins d'abord un groupe.")


def _letter(s):
    letter = LetterFactory(community=s["community"], title="Lettre d'automne")
    SectionFactory(letter=letter, state="accepted", title="Les semis")
    return letter


def case(key, s):
    """What makes kind `key` e-mail someone, and who reads it."""
    event_kinds = {
        "registration_confirmation_request": {"registration": "pending"},
        "registration_confirmed": {}, "registration_promoted": {},
        "registration_waiting": {"registration": "waiting"},
        "event_changed": {"changes": ["starts_at"]}, "event_cancelled": {},
        "event_reminder": {"kind": "day"}, "attendance_thanks": {},
    }
    if key in event_kinds:
        return _event_kind(key, s, **event_kinds[key])
    if key == "event_message":
        message = EventMessage.objects.create(event=s["event"], author=s["pair"].territory_gardener,
                                              subject="Covoiturage", body="Départ à 9 h.")
        return _event_kind(key, s, message_id=message.pk)
    if key == "circle_request_received":
        return lambda: _circle_request(s)
    if key == "circle_request_decided":
        return lambda: _decided(s)
    if key == "contribution_call":
        return lambda: services.notify([s["anna"]], key, community=s["community"],
                                       about=_letter(s), data={})
    if key == "letter_test":
        return lambda: services.notify([s["pair"].territory_gardener], key, about=_letter(s))
    if key in {"mention", "need_step", "need_connected", "need_new", "need_support",
               "group_membership", "group_join_request", "group_decision", "event_announced",
               "event_proposed", "event_proposal_decided", "moderation_outcome",
               "moderation_decision", "coaching_note", "need_new_first", "need_relayed",
               "need_direction_answered", "need_relay_arrived", "need_direction_answered_pair", "event_elected_invitation", "event_date_poll",
               "event_co_organiser_added", "event_co_organiser_removed", "topic_proposed",
               "topic_proposal_decided", "moderation_case_opened", "call_application_decided",
               "call_application_submitted", "call_cocarrier_invited", "call_deadline_reminder",
               "call_final_report_reminder", "call_report_filed", "call_application_complete",
               "call_pieces_requested", "call_question_asked", "call_question_answered",
               "council_seat_freed", "council_session_scheduled",
               "council_community_invitation", "process_answer", "process_phase", "process_referral_answered",
               "process_recommendation_decided", "process_opinion_published",
               "process_recommendation_answered",
               "process_proposal_hidden", "process_facilitator_named", "barometer_wave_opened",
               "section_decided", "discussion_muted"}:
        return _line_kind(key, s)
    if key == "elected_digest":
        return lambda: _elected_digest(s)
    if key == "call_outside_posted":
        return lambda: _outside_call(s)
    if key in {"council_volunteered", "council_drawn"}:
        candidate = _candidate()
        return lambda: services.notify([candidate], key, about=candidate)
    raise AssertionError(f"no case for the kind {key!r}: add one here")


@pytest.mark.parametrize("key", sorted(kinds.KINDS))
def test_every_kind_is_e_mailed_in_the_layout(key, scene, django_capture_on_commit_callbacks):
    messages = sent(django_capture_on_commit_callbacks, case(key, scene))

    assert messages, f"{key} sent nothing"
    for message in messages:
        html = assert_in_the_layout(message)
        if kinds.KINDS[key].choosable and Notification.objects.filter(
                kind=key, recipient__email=message.to[0].split("<")[-1].rstrip(">")).exists():
            # chosen by the person: the footer says so, with the way to change it
            assert f'href="{SITE}/me/notifications/preferences/"' in html


def test_a_registrant_without_an_account_is_told_why_and_how_to_cancel(
        scene, django_capture_on_commit_callbacks):
    zoe = scene["pending"]
    with django_capture_on_commit_callbacks(execute=True):
        events.registration_confirm(token=tokens.make(zoe, tokens.CONFIRM))  # now in line

    [message] = sent(django_capture_on_commit_callbacks,
                     _event_kind("event_changed", scene, registration="pending"))

    html = assert_in_the_layout(message)  # in English, the language she registered in
    assert "You receive this e-mail because you registered for" in html
    # The link's token carries the second it was signed: read it, do not re-make it.
    before, after = reverse("events:registration_cancel", kwargs={"token": "TOKEN"}).split("TOKEN")
    link = re.search(rf'href="{SITE}{re.escape(before)}([^"/]+){re.escape(after)}"[^>]*>'
                     r"Cancel my registration<", html)
    assert link and tokens.registration_pk(link.group(1), tokens.CANCEL) == (zoe.pk, zoe.secret)
    assert "/me/notifications/preferences/" not in html  # no account, no preferences


def test_the_elision_is_right_in_a_french_e_mail(scene, django_capture_on_commit_callbacks):
    messages = sent(django_capture_on_commit_callbacks, case("contribution_call", scene))
    [message] = messages  # Anna reads French
    assert "d'Alimentation durable" in message.body
    assert "de Alimentation" not in message.body and "of Alimentation" not in message.body
    html = message.alternatives[0][0]
    assert "d'Alimentation durable" in html and "de Alimentation" not in html


# --- The digest, the letter, allauth ---------------------------------------------------------


def test_the_daily_digest_is_in_the_layout(django_capture_on_commit_callbacks):
    anna = UserFactory(display_name="Anna")
    rows = services.notify([anna], "need_new", community=CommunityFactory(),
                           data={"title": "Un local"})
    morning = datetime(2026, 11, 23, 7, 20, tzinfo=ZoneInfo("Europe/Paris"))
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
        created_at=morning - dt.timedelta(hours=12))

    [message] = sent(django_capture_on_commit_callbacks, send_digests, morning.isoformat())

    html = assert_in_the_layout(message)
    assert f'href="{SITE}/me/notifications/preferences/"' in html


def test_the_letter_itself_is_in_the_layout_with_its_unsubscribe_link():
    letter = LetterFactory(title="Lettre d'automne", state=Letter.State.CALL_OPEN)
    section = SectionFactory(letter=letter, state="accepted")
    rendered = rendering.render_letter(letter, [section], language="fr")
    message = rendering.build_message(letter, rendered, email="a@example.org", name="Anna",
                                      user_id=1)

    html = assert_in_the_layout(message)
    assert re.search(rf'href="{SITE}/newsletters/unsubscribe/[^"]+"', html)


@pytest.fixture
def fresh_cache(settings):
    """allauth's rate limits live in the cache: a cache of this test's own."""
    import uuid

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"layout-{uuid.uuid4()}"}}


def test_account_e_mails_are_in_the_layout(client, fresh_cache):
    client.post("/accounts/signup/", {
        "email": "camille@example.org", "display_name": "Camille Roux",
        "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD,
        "accept_terms": "on", "accept_privacy": "on",
    })
    UserFactory(email="anne@example.org")
    client.post("/accounts/password/reset/", {"email": "anne@example.org"})
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    subjects = [m.subject for m in mail.outbox]
    assert len(mail.outbox) == 3, subjects
    confirmation, reset, unknown = mail.outbox
    for message in mail.outbox:
        assert_in_the_layout(message)
    assert re.search(rf'class="button"[^>]*href="{SITE}/accounts/confirm-email/|'
                     rf'href="{SITE}/accounts/confirm-email/[^"]+"[^>]*class="button"',
                     confirmation.alternatives[0][0])
    assert f'href="{SITE}/accounts/password/reset/key/' in reset.alternatives[0][0]
    # no template of its own: its text, in the layout, with its link clickable
    assert f'href="{SITE}/accounts/signup/"' in unknown.alternatives[0][0]
