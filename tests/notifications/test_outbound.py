"""One outbound channel: every message to a person is a kind of the registry,
sent by notify() — in the centre, by e-mail, in the digest — as the person chose,
or always for a transactional kind (docs/notifications.md)."""

import importlib
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template.loader import get_template

from communities import services as communities
from communities.models import Circle
from events import services as events
from notifications import kinds, services
from notifications.emails import KindEmail
from notifications.kinds import Frequency, Kind
from notifications.models import Notification, Preference
from terreau.tasks import send_email
from tests.events.factories import EventFactory
from tests.factories import GardenerPairFactory, MembershipFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


# --- No second path -----------------------------------------------------------------------

# Who may build or send a message without notify():
ALLOWED = {
    # the e-mail layer itself: Email, the tasks that send one copy each
    "terreau/emails.py", "terreau/tasks.py",
    # the newsletter pipeline: batches of letters, one delivery row each,
    # List-Unsubscribe and bounces (docs/newsletters.md)
    "newsletters/rendering.py", "newsletters/services/sending/batch.py",
    # allauth's own account e-mails (address confirmation, password reset):
    # written to an address before it belongs to a verified person
    "accounts/adapter.py",
}
DIRECT = re.compile(
    r"from django\.core\.mail import|django\.core\.mail\.(send_|mail_|get_connection|Email)"
    r"|\bsend_mail\(|\bsend_mass_mail\(|\bmail_admins\(|\bmail_managers\("
    r"|\bEmailMessage\(|\bEmailMultiAlternatives\(|\.send_after_commit\("
    r"|from terreau\.emails import [^\n]*\bEmail\b|class \w+\((terreau\.emails\.)?Email\)"
)
SKIPPED_TOPS = {"tests", "node_modules", "bench", "mutants", "scripts", "static", "locale"}


def _production_modules():
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in SKIPPED_TOPS or relative.parts[0].startswith("."):
            continue
        if "migrations" in relative.parts:
            continue
        yield relative, path


def test_no_message_leaves_outside_notifications():
    offenders = []
    for relative, path in _production_modules():
        if relative.parts[0] == "notifications" or str(relative) in ALLOWED:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if DIRECT.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == [], (
        "Write to people with notifications.notify() and a kind (docs/notifications.md):\n"
        + "\n".join(offenders)
    )


def _kind_email_classes():
    for relative, _path in _production_modules():
        if relative.name == "emails.py":
            importlib.import_module(".".join(relative.with_suffix("").parts))
    found, todo = set(), [KindEmail]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if not sub.__name__.startswith("_") and not sub.__module__.startswith("tests"):
                found.add(f"{sub.__module__}.{sub.__qualname__}")
    return found


def test_every_kind_email_belongs_to_a_registered_kind():
    declared = {kind.email for kind in kinds.KINDS.values() if kind.email}
    assert _kind_email_classes() == declared


@pytest.mark.parametrize("key", sorted(kinds.KINDS))
def test_every_kind_reads_in_the_centre_and_names_itself(key):
    kind = kinds.KINDS[key]
    assert str(kind.label)
    if kind.in_app:
        get_template(kind.template)  # its line, in the app that owns it
    if kind.email:
        from terreau.emails import load_email_class

        assert issubclass(load_email_class(kind.email), KindEmail)


# --- The registry -------------------------------------------------------------------------


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(kinds, "KINDS", dict(kinds.KINDS))
    return kinds


def test_a_key_taken_by_another_kind_is_refused(registry):
    registry.register(registry.KINDS["mention"])  # the same again: harmless
    with pytest.raises(ImproperlyConfigured):
        registry.register(Kind("mention", "Something else"))


def test_a_kind_that_could_reach_nobody_is_refused(registry):
    with pytest.raises(ImproperlyConfigured):
        registry.register(Kind("lost", "Lost", in_app=False))
    assert "lost" not in registry.KINDS


def test_a_kind_with_an_unknown_default_is_refused(registry):
    with pytest.raises(ImproperlyConfigured):
        registry.register(Kind("weekly", "Weekly", default="weekly"))


def test_a_transactional_kind_is_not_a_preference(anna):
    with pytest.raises(ValidationError) as refused:
        services.preferences_set(user=anna, frequencies={"registration_confirmed": "never"})
    assert refused.value.code == "bad_kind"
    assert not Preference.objects.exists()


# --- Transactional kinds: always e-mailed -------------------------------------------------


def _register(event, django_capture_on_commit_callbacks, **who):
    with django_capture_on_commit_callbacks(execute=True):
        return events.registration_create(event=event, **who)


def test_someone_without_an_account_is_e_mailed_and_has_no_centre(
        django_capture_on_commit_callbacks):
    event = EventFactory()
    _register(event, django_capture_on_commit_callbacks, name="Zoé", email="zoe@example.org",
              consent=True, language="en")

    [message] = mail.outbox
    assert message.to == ["Zoé <zoe@example.org>"]
    assert "Confirm your registration" in message.subject
    assert not Notification.objects.exists()


def test_a_seat_is_e_mailed_even_to_someone_who_said_never(
        anna, django_capture_on_commit_callbacks):
    # a stored choice (from before the kind was transactional) does not apply
    Preference.objects.create(user=anna, kind="registration_confirmed", frequency="never")
    event = EventFactory()

    _register(event, django_capture_on_commit_callbacks, user=anna)

    [message] = mail.outbox
    assert message.attachments and message.attachments[0][0].endswith(".ics")
    [row] = Notification.objects.filter(recipient=anna)
    assert row.kind == "registration_confirmed" and row.delivery == Frequency.IMMEDIATELY
    assert row.emailed_at is not None  # the kind's own e-mail marks the line e-mailed


def test_a_redelivered_kind_email_is_not_sent_twice(anna, django_capture_on_commit_callbacks):
    event = EventFactory()
    registration = _register(event, django_capture_on_commit_callbacks, user=anna)
    row = Notification.objects.get(recipient=anna)
    assert len(mail.outbox) == 1

    send_email("events.emails.RegistrationConfirmedEmail", registration.pk,
               notification_id=row.pk)

    assert len(mail.outbox) == 1


# --- Kinds with their own e-mail follow the person's choice -------------------------------


@pytest.fixture
def asking(django_capture_on_commit_callbacks):
    """A member whose request to join the engaged circle waits for the gardeners."""
    pair = GardenerPairFactory()
    member = MembershipFactory(community=pair.community, user__preferred_language="en").user
    with django_capture_on_commit_callbacks(execute=True):
        request = communities.circle_request_create(
            community=pair.community, user=member, circle=Circle.ENGAGED, message="Je veux aider."
        )
    mail.outbox.clear()
    return pair, member, request


def _decline(asking, django_capture_on_commit_callbacks):
    pair, _member, request = asking
    with django_capture_on_commit_callbacks(execute=True):
        communities.circle_request_decline(
            community=pair.community, request_id=request.pk, actor=pair.territory_gardener,
            answer="Pas encore.",
        )


def test_the_gardeners_find_the_request_in_their_centre(asking):
    pair, member, _request = asking
    rows = Notification.objects.filter(kind="circle_request_received")
    assert {n.recipient for n in rows} == set(pair.gardeners())
    assert all(n.actor == member and n.emailed_at is not None for n in rows)


def test_immediately_sends_the_kinds_own_email(asking, django_capture_on_commit_callbacks):
    _decline(asking, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert "was answered" in message.subject and "Pas encore." in message.body
    row = Notification.objects.get(kind="circle_request_decided")
    assert row.emailed_at is not None


def test_never_keeps_it_in_the_centre_only(asking, django_capture_on_commit_callbacks):
    _pair, member, _request = asking
    services.preferences_set(user=member, frequencies={"circle_request_decided": "never"})
    _decline(asking, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    row = Notification.objects.get(kind="circle_request_decided")
    assert row.recipient == member and row.delivery == "never" and row.emailed_at is None


def test_daily_leaves_it_for_the_digest(asking, django_capture_on_commit_callbacks):
    _pair, member, _request = asking
    services.preferences_set(user=member, frequencies={"circle_request_decided": "daily"})
    _decline(asking, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    row = Notification.objects.get(kind="circle_request_decided")
    assert row.delivery == "daily" and row.emailed_at is None


def test_an_unverified_address_gets_no_email_of_a_chosen_kind(
        django_capture_on_commit_callbacks):
    pair = GardenerPairFactory(territory_gardener__verified=False)
    member = MembershipFactory(community=pair.community).user
    with django_capture_on_commit_callbacks(execute=True):
        communities.circle_request_create(
            community=pair.community, user=member, circle=Circle.INFORMED, message="Bonjour"
        )
    assert [m.to[0] for m in mail.outbox] == [
        f"{pair.institution_gardener} <{pair.institution_gardener.email}>"
    ]
    assert Notification.objects.filter(recipient=pair.territory_gardener).exists()


# --- Programming errors -------------------------------------------------------------------


def test_a_kind_without_its_own_email_cannot_reach_an_address(
        django_capture_on_commit_callbacks):
    event = EventFactory()
    registration = _register(event, django_capture_on_commit_callbacks, name="Zoé",
                             email="zoe@example.org", consent=True)
    with pytest.raises(ValueError):
        services.notify([registration], "mention")


def test_a_kind_email_about_an_object_needs_the_object(anna):
    with pytest.raises(ValueError):
        services.notify([anna], "circle_request_decided", data={})
    assert not Notification.objects.exists()


def test_an_addressee_and_their_account_are_one_person(anna, django_capture_on_commit_callbacks):
    event = EventFactory()
    registration = _register(event, django_capture_on_commit_callbacks, user=anna)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.notify([registration, anna], "event_changed", data={"event": event.title})

    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=anna, kind="event_changed").count() == 1
