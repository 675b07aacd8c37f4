"""`manage.py seed_demo` fills the calendar: upcoming events, a full one, a past one."""

import datetime as dt

import pytest
from django.utils import timezone

from communities.models import Circle, Community
from councils.models import Session
from demo import events as events_demo
from elsewhere import selectors as elsewhere
from events import selectors
from events.models import Event, EventProposal, Registration
from topics.models import TopicProposal

from .conftest import seed as _seed


def _published_public_upcoming():
    return Event.objects.filter(
        state=Event.State.PUBLISHED, audience=Event.Audience.PUBLIC, starts_at__gt=timezone.now()
    )


def test_every_community_has_upcoming_public_events_in_the_next_six_weeks(seeded):
    now = timezone.now()
    upcoming = _published_public_upcoming()
    assert upcoming.count() >= 8
    assert not upcoming.filter(starts_at__gt=now + dt.timedelta(weeks=6)).exists()
    for community in Community.objects.all():
        assert upcoming.filter(community=community).exists(), community
        engaged_only = Event.objects.filter(
            community=community, state=Event.State.PUBLISHED, audience=Event.Audience.CIRCLES,
            starts_at__gt=now,
        )
        assert [e.circles for e in engaged_only] == [{Circle.ENGAGED}], community
    assert set(upcoming.values_list("format", flat=True)) == set(Event.Format.values)
    assert set(Event.objects.values_list("time_zone", flat=True)) == {"Europe/Paris"}
    # The home page has something to show
    assert len(selectors.next_public_events(limit=3)) == 3


def test_the_cultivator_organises_an_institution_wide_public_event(seeded):
    # Site-wide: the cultivator's, beside the citizen councils' sessions (events without a
    # community too, organised by the councils' agents).
    event = _published_public_upcoming().filter(community__isnull=True).exclude(
        pk__in=Session.objects.values("event_id")).get()
    assert event.organiser.email == "cultivateur@demo.terreau.fr"


def test_one_small_event_is_full_with_a_waiting_list(seeded):
    full = Event.objects.get(title=events_demo.FULL_OUTING["title"])
    assert full.is_published and full.is_full
    assert full.confirmed_count == full.capacity == 6
    waiting = Registration.objects.filter(event=full, status=Registration.Status.WAITING)
    assert full.waiting_count == waiting.count() == 3
    assert sorted(waiting.values_list("waiting_position", flat=True)) == [1, 2, 3]
    assert waiting.filter(email="informe@demo.terreau.fr").exists()


def test_a_past_event_has_its_attendance_checked_in_and_a_report(seeded):
    past = Event.objects.get(title=events_demo.PAST_EVENT["title"])
    assert past.is_published and past.is_over()
    assert past.report_published_at is not None and past.report_summary
    assert past.checked_in_count == 5 == past.report_attendance
    checked_in = Registration.objects.filter(event=past, checked_in_at__isnull=False)
    assert checked_in.count() == 5
    assert checked_in.filter(email="citoyen@demo.terreau.fr").exists()
    assert not checked_in.filter(checked_in_at__gt=past.ends_at).exists()


def test_one_event_is_still_a_draft(seeded):
    assert Event.objects.filter(state=Event.State.DRAFT, title=events_demo.DRAFT["title"]).exists()


@pytest.mark.parametrize(
    "email", ["engage@demo.terreau.fr", "informe@demo.terreau.fr", "citoyen@demo.terreau.fr"]
)
def test_the_member_accounts_have_registrations_and_a_calendar(seeded, email):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email=email)
    assert len(selectors.registrations_of_user(user)) >= 2
    events, _with_link = selectors.events_of_user_feed(user)
    assert len(events) >= 2


def test_seeding_twice_creates_nothing_and_sends_nothing(
    seeded, django_capture_on_commit_callbacks
):
    # Given a first run
    before = {
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "states": sorted(Event.objects.values_list("state", "confirmed_count", "waiting_count")),
    }
    assert 10 <= before["registrations"] <= 40  # a few dozen e-mails at most
    assert "Events: created" in seeded

    # When it runs again
    with django_capture_on_commit_callbacks() as callbacks:
        output = _seed()

    # Then nothing was added and no e-mail was queued
    assert {
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "states": sorted(Event.objects.values_list("state", "confirmed_count", "waiting_count")),
    } == before
    assert "Events: already there, nothing to add." in output
    assert callbacks == []


def test_a_proposed_event_waits_for_the_pair_with_a_date_poll_answered(seeded):
    proposal = EventProposal.objects.get(community__slug="biodiversite",
                                         status=EventProposal.Status.PENDING)
    votes = [option.votes for option in selectors.poll_results(proposal)]
    assert len(votes) == 3
    assert sum(votes) > 0 and proposal.poll_answers.count() > 1


def test_the_community_page_links_to_participate_elsewhere(seeded):
    community = Community.objects.get(slug="biodiversite")
    tools = elsewhere.open_tools(community)
    assert [tool.kind for tool in tools] == ["participatory_budget"]
    assert community.external_tools.count() == 2  # a closed consultation, hidden
    assert TopicProposal.objects.filter(community=community, status="pending").exists()
