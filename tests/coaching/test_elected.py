"""Elected officials (issue #16, item 5): marked by staff or the cultivator,
shown in "who meets here", invited to events as such, and a monthly digest
sent once per person and month."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities.models import Circle
from events import services as event_services
from events.elected import event_invite_elected
from events.models import Event
from insights.elected_digest import digest_content, digest_month, elected_digests_send
from needs import relays
from needs import services as need_services
from needs.models import Need, Relay
from notifications.models import Notification
from roles import services as role_services
from roles.models import ElectedOfficial
from tests.factories import MembershipFactory, UserFactory
from tests.newsletters.factories import LetterFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
# The digest sent on 3 March is about February.
NOW = dt.datetime(2027, 3, 3, 9, tzinfo=PARIS)


@pytest.fixture
def elected(people, community):
    person = UserFactory(email="elise@example.org", display_name="Élise Élue")
    role_services.elected_mark(person=person, communities=[community], mandate="Conseillère",
                               actor=people["staff"])
    return person


def _event(community, organiser, title, starts_at, **fields):
    event = event_services.event_create(
        organiser=organiser, community=community, title=title, description="Une rencontre.",
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2), address="Toulouse",
        capacity=20, **fields,
    )
    return event_services.event_publish(event=event, actor=organiser)


def test_marking_needs_a_community_and_unmarking_someone_marked(people, elected):
    with pytest.raises(ValidationError) as refused:
        role_services.elected_mark(person=UserFactory(), communities=[], actor=people["staff"])
    assert refused.value.code == "no_community"
    with pytest.raises(ValidationError) as refused:
        role_services.elected_unmark(person=people["engaged"], actor=people["staff"])
    assert refused.value.code == "not_elected"
    role_services.elected_unmark(person=elected, actor=people["staff"])
    assert not ElectedOfficial.objects.exists()


@pytest.mark.parametrize("role, status", [
    ("gardener", 403), ("engaged", 403), ("cultivator", 200), ("staff", 200),
])
def test_staff_and_the_cultivator_mark_elected_officials(people, community, login, role,
                                                         status):
    client = login(people[role])
    assert client.get(reverse("gardeners:elected")).status_code == status
    person = UserFactory()
    response = client.post(reverse("gardeners:elected"), {
        "person": person.pk, "mandate": "Maire", "communities": [community.pk],
    })
    assert response.status_code == (302 if status == 200 else 403)
    assert ElectedOfficial.objects.filter(person=person).exists() == (status == 200)


def test_an_elected_official_meets_here(client, community, elected, in_english):
    page = client.get(community.get_absolute_url()).content.decode()
    assert "Who meets here" in page
    assert "Élise Élue — elected official (Conseillère)" in page


def test_the_organisers_invite_the_elected_officials_once(people, community, elected, pair):
    event = _event(community, pair.territory_gardener, "Fête des haies",
                   dt.datetime.now(PARIS) + dt.timedelta(days=5))
    assert event_invite_elected(event=event, actor=pair.territory_gardener) == 1
    assert Notification.objects.filter(recipient=elected,
                                       kind="event_elected_invitation").count() == 1
    with pytest.raises(ValidationError) as refused:
        event_invite_elected(event=event, actor=pair.territory_gardener)
    assert refused.value.code == "already_invited"
    # A second official linked later is invited alone.
    later = UserFactory()
    role_services.elected_mark(person=later, communities=[community], actor=people["staff"])
    assert event_invite_elected(event=event, actor=pair.territory_gardener) == 1


def test_a_draft_event_is_not_announced_to_elected_officials(community, elected, pair):
    start = dt.datetime.now(PARIS) + dt.timedelta(days=5)
    draft = event_services.event_create(
        organiser=pair.territory_gardener, community=community, title="Brouillon",
        description="x", starts_at=start, ends_at=start + dt.timedelta(hours=1),
        address="Toulouse", capacity=5,
    )
    with pytest.raises(ValidationError) as refused:
        event_invite_elected(event=draft, actor=pair.territory_gardener)
    assert refused.value.code == "not_published"


def test_without_elected_officials_the_invitation_says_so(community, pair):
    event = _event(community, pair.territory_gardener, "Fête",
                   dt.datetime.now(PARIS) + dt.timedelta(days=5))
    with pytest.raises(ValidationError) as refused:
        event_invite_elected(event=event, actor=pair.territory_gardener)
    assert refused.value.code == "no_elected"


def test_the_digest_is_about_the_month_just_ended():
    assert digest_month(NOW) == dt.date(2027, 2, 1)
    assert digest_month(dt.datetime(2027, 1, 1, 0, 30, tzinfo=PARIS)) == dt.date(2026, 12, 1)


def _at(event, when):
    """Set an event's date after creating it (the services refuse a past one)."""
    Event.objects.filter(pk=event.pk).update(starts_at=when, ends_at=when + dt.timedelta(hours=2))


@pytest.fixture
def february(people, community, other_community, pair, elected):
    """February 2027 in the community, and what must stay out of its digest."""
    gardener = pair.territory_gardener
    soon = dt.datetime.now(PARIS) + dt.timedelta(days=3)
    for title, when, fields in (
        ("Atelier de février", dt.datetime(2027, 2, 10, 18, tzinfo=PARIS), {}),
        ("Fête de mars", dt.datetime(2027, 3, 15, 18, tzinfo=PARIS), {}),
        ("Atelier de janvier", dt.datetime(2027, 1, 25, 18, tzinfo=PARIS), {}),
        ("Noyau seulement", dt.datetime(2027, 2, 12, 18, tzinfo=PARIS),
         {"audience": "circles", "circles": [Circle.ENGAGED]}),
    ):
        _at(_event(community, gardener, title, soon, **fields), when)
    _at(_event(other_community, people["other_gardener"], "Ailleurs", soon),
        dt.datetime(2027, 2, 11, 18, tzinfo=PARIS))
    LetterFactory(community=community, state="sent", title="Lettre de février",
                  circles=[Circle.CITIZENS], sent_at=dt.datetime(2027, 2, 5, tzinfo=PARIS))
    LetterFactory(community=community, state="sent", title="Lettre du noyau",
                  circles=[Circle.ENGAGED], sent_at=dt.datetime(2027, 2, 6, tzinfo=PARIS))
    author = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    need = need_services.need_create(community=community, author=author, kind=Need.Kind.NEED,
                                     title="Une salle", description="Pour la bourse.")
    private = need_services.need_create(
        community=community, author=author, kind=Need.Kind.NEED, title="Secret",
        description="x", visibility=Need.Visibility.GARDENERS,
    )
    for item in (need, private):
        relays.need_relay(need=item, actor=pair.institution_gardener, message="Une salle ?")
    relays.relay_answer_record(need=need, actor=pair.institution_gardener, status="partly",
                               answer="Le samedi seulement.")
    Relay.objects.update(relayed_at=dt.datetime(2027, 2, 8, tzinfo=PARIS))
    Relay.objects.filter(need=need).update(answered_at=dt.datetime(2027, 2, 20, tzinfo=PARIS))
    return elected


def _titles(items, attribute="title"):
    return [getattr(item, attribute) for item in items]


def test_the_digest_says_what_the_official_may_read_of_the_month(february):
    content = digest_content(ElectedOfficial.objects.get(person=february), dt.date(2027, 2, 1))
    assert _titles(content["events_held"]) == ["Atelier de février"]
    assert _titles(content["events_coming"]) == ["Fête de mars"]
    assert _titles(content["letters"]) == ["Lettre de février"]
    assert [r.need.title for r in content["relayed"]] == ["Une salle"]
    assert [(r.need.title, r.answer_status) for r in content["answered"]] == [
        ("Une salle", "partly")
    ]


def test_the_digest_is_sent_once_per_month_per_person(february, in_english,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert elected_digests_send(now=NOW) == 1
        assert elected_digests_send(now=NOW + dt.timedelta(hours=6)) == 0
    assert Notification.objects.filter(recipient=february, kind="elected_digest").count() == 1
    [message] = [m for m in mail.outbox if february.email in " ".join(m.to)]
    assert "Atelier de février" in message.body and "Lettre de février" in message.body
    assert "Le samedi seulement." in message.body and "Secret" not in message.body
    # April: the digest of March leaves, once.
    with django_capture_on_commit_callbacks(execute=True):
        assert elected_digests_send(now=dt.datetime(2027, 4, 2, tzinfo=PARIS)) == 1
    assert Notification.objects.filter(recipient=february, kind="elected_digest").count() == 2
