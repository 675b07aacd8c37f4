"""The events part of `manage.py seed_demo`: a calendar that looks lived in.

For each of the four communities, two or three published events in the next
six weeks (in person, online, hybrid; one reserved to the engaged circle, a
working session), an institution-wide meeting organised by the cultivator, a
small outing that is full with a waiting list, a past event with its
attendance checked in and its report published, and a draft. The demo
accounts (engage@, informe@, citoyen@) are registered to a few events, so
"My registrations" and their private calendar feed are not empty. Each
publication announces the event to its circles: the demo accounts find "New
event for you" in their notification centre (and the outbox), the generated
crowd chose the daily digest for it. engage@ has proposed an event to
Biodiversité that waits for the pair's decision.

Everything goes through `events.services`, so counters, waiting positions,
calendar sequences and e-mails are the ones a real click would give. Dates
are relative to today, in Europe/Paris: a database seeded on another day
gets the same story, shifted.

Idempotent: an event is found by its title and community, a registration by
its event and person; only what is missing is created, so a second run
creates nothing and sends no e-mail. Registrations send their confirmation
e-mails (about thirty in all, to the local outbox).

Run after demo.communities.seed() (it needs the communities, their pairs and
the demo accounts) and before demo.cms.seed() (articles show an event).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from communities.models import Circle, Community, Membership
from events import services
from events.kinds import ANNOUNCED
from events.models import Event, EventProposal, Registration
from notifications.kinds import Frequency
from notifications.models import Preference
from roles import selectors as pairs

from .events_data import (
    CITIZEN,
    COMMUNITY_EVENTS,
    CULTIVATOR,
    DRAFT,
    ENGAGED,
    FOLLOWERS,
    FULL_OUTING,
    INFORMED,
    PARIS,
    PAST_EVENT,
    REGIONAL_MEETING,
    SAT,
    TIME_ZONE,
)

User = get_user_model()


def _at(now, days, weekday, hhmm, minutes):
    """Paris local time: the first `weekday` at least `days` days after today."""
    today = timezone.localtime(now, PARIS).date()
    day = today + dt.timedelta(days=days)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    hour, minute = map(int, hhmm.split(":"))
    starts = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)
    return starts, starts + dt.timedelta(minutes=minutes)


class _Seeder:
    def __init__(self, now):
        self.now = now
        self.created = {"events": 0, "registrations": 0}
        self.users = {u.email: u for u in User.objects.filter(
            email__in=[CULTIVATOR, ENGAGED, INFORMED, CITIZEN]
        )}

    # --- events ------------------------------------------------------------------

    def organiser(self, community, role):
        if community is None:
            return self.users[CULTIVATOR]
        pair = pairs.active_pair(community)
        gardener = None
        if pair is not None:
            gardener = pair.territory_gardener if role == "territory" else pair.institution_gardener
        return gardener or self.users[CULTIVATOR]

    def event(self, community, spec, *, starts_at, ends_at, publish=True):
        """The event with this title in this community, created (and published) if missing."""
        existing = Event.objects.filter(community=community, title=spec["title"]).first()
        if existing is not None:
            return existing, False
        event = services.event_create(
            organiser=self.organiser(community, spec.get("organiser", "territory")),
            community=community,
            title=spec["title"],
            description=spec["description"],
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=TIME_ZONE,
            format=spec["format"],
            address=spec.get("address", ""),
            online_url=spec.get("online_url", ""),
            capacity=spec.get("capacity"),
            audience=Event.Audience.CIRCLES if spec.get("circles") else Event.Audience.PUBLIC,
            circles=spec.get("circles", ()),
        )
        if publish:
            event = services.event_publish(event=event, actor=event.organiser)
        self.created["events"] += 1
        return event, True

    def upcoming(self, community, spec):
        starts_at, ends_at = _at(self.now, *spec["when"])
        event, _ = self.event(community, spec, starts_at=starts_at, ends_at=ends_at)
        self.register(event, [self.users[e] for e in spec.get("demo_accounts", ())])
        self.register(event, self.crowd(event, spec.get("crowd", 0)))
        return event

    # --- registrations -----------------------------------------------------------

    def crowd(self, event, n, *, skip=0):
        """`n` members of the event's community who may come, the same ones on
        every run (by circle, then e-mail); neither gardeners, nor demo accounts,
        nor the staff who follow the community."""
        if not n or event.community_id is None:
            return []
        gardeners = set()
        for pair in pairs.pairs_of_community(event.community_id):
            gardeners.update((pair.territory_gardener_id, pair.institution_gardener_id))
        members = (
            Membership.objects.filter(community_id=event.community_id)
            .exclude(user__email__in=[ENGAGED, INFORMED, CITIZEN, *FOLLOWERS])
            .exclude(user_id__in=gardeners)
            .filter(circle__in=event.circles or [Circle.INFORMED, Circle.CITIZENS])
            .order_by("-circle", "user__email")
            .select_related("user")
        )
        people = [m.user for m in members[: skip + n]]
        return people[skip:skip + n]

    def register(self, event, users):
        """Register each person once, through the service (one e-mail each).

        A person with any registration to the event (even cancelled) is left
        alone; so is an event no longer open (a database seeded long ago).
        """
        registrations = []
        for user in users:
            found = Registration.objects.filter(event=event, user=user).first()
            if found is not None:
                registrations.append(found)
                continue
            try:
                registrations.append(services.registration_create(event=event, user=user))
            except ValidationError:
                continue
            self.created["registrations"] += 1
        return registrations

    # --- the special cases -------------------------------------------------------

    def full_outing(self):
        spec = FULL_OUTING
        community = Community.objects.get(slug=spec["community"])
        starts_at, ends_at = _at(self.now, *spec["when"])
        event, _ = self.event(community, spec, starts_at=starts_at, ends_at=ends_at)
        # Seats first, then the line: the order of registration is the order of the line.
        self.register(event, self.crowd(event, spec["crowd"]))
        self.register(event, [self.users[e] for e in spec["then_demo_accounts"]])
        self.register(event, self.crowd(event, spec["then_crowd"], skip=spec["crowd"]))
        return event

    def past_event(self):
        spec = PAST_EVENT
        community = Community.objects.get(slug=spec["community"])
        existing = Event.objects.filter(community=community, title=spec["title"]).first()
        if existing is not None:
            return existing
        # Services only create, publish and register for future events: the
        # event is made tomorrow, filled, then moved to its real date before
        # the check-ins and the report (which services allow afterwards).
        tomorrow = self.now + dt.timedelta(days=1)
        event, _ = self.event(
            community, spec, starts_at=tomorrow, ends_at=tomorrow + dt.timedelta(hours=2)
        )
        people = [self.users[e] for e in spec["demo_accounts"]] + self.crowd(event, spec["crowd"])
        registrations = self.register(event, people)

        # A Saturday between 12 and 6 days ago: past the thanks e-mails' window.
        starts_at, ends_at = _at(self.now, -spec["days_ago"], SAT, spec["time"], spec["minutes"])
        published_at = starts_at - dt.timedelta(days=21)
        Event.objects.filter(pk=event.pk).update(
            starts_at=starts_at, ends_at=ends_at, published_at=published_at,
            created_at=published_at - dt.timedelta(hours=2),
        )
        for i, registration in enumerate(registrations):
            booked = published_at + dt.timedelta(days=1 + 2 * i, hours=3)
            Registration.objects.filter(pk=registration.pk).update(
                created_at=booked, consent_at=booked, confirmed_at=booked,
                reminder_day_sent_at=starts_at - dt.timedelta(hours=23),
                reminder_hour_sent_at=starts_at - dt.timedelta(minutes=55),
            )
        came = registrations[: len(registrations) - spec["absent"]]
        organiser = event.organiser
        for i, registration in enumerate(came):
            services.registration_check_in(registration=registration, actor=organiser)
            Registration.objects.filter(pk=registration.pk).update(
                checked_in_at=starts_at - dt.timedelta(minutes=10) + dt.timedelta(minutes=3 * i),
                thanked_at=ends_at + dt.timedelta(minutes=5),
            )
        services.event_report_publish(
            event=event, actor=organiser,
            summary=spec["report"]["summary"], follow_ups=spec["report"]["follow_ups"],
        )
        Event.objects.filter(pk=event.pk).update(
            report_published_at=ends_at + dt.timedelta(days=2)
        )
        return event

    def draft(self):
        spec = DRAFT
        community = Community.objects.get(slug=spec["community"])
        starts_at, ends_at = _at(self.now, *spec["when"])
        event, _ = self.event(community, spec, starts_at=starts_at, ends_at=ends_at, publish=False)
        return event


def _crowd_reads_announcements_in_a_digest(seeder) -> None:
    """Publishing announces each event to its circles (events/services/announcing.py).
    The generated members chose the daily digest for those announcements, as many
    real people would: the demo accounts get theirs at once (their notification
    centre and the outbox show "New event for you"), the crowd's wait for the
    morning's digest, and seeding does not write a thousand e-mails."""
    demo_accounts = [user.pk for user in seeder.users.values()]
    crowd = (
        Membership.objects.exclude(user_id__in=demo_accounts)
        .exclude(user__notification_preferences__kind=ANNOUNCED)
        .values_list("user_id", flat=True).distinct()
    )
    Preference.objects.bulk_create(
        [Preference(user_id=pk, kind=ANNOUNCED, frequency=Frequency.DAILY) for pk in crowd],
        ignore_conflicts=True,
    )


def _proposal_waiting_for_the_pair(seeder) -> None:
    """engage@ proposed an event to Biodiversité, with three dates to choose from:
    it waits for the pair's decision (their notification, the community's events
    panel, /events/proposals/<id>/ with the date poll's answers)."""
    author = seeder.users.get(ENGAGED)
    community = Community.objects.get(slug="biodiversite")
    if author is None or EventProposal.objects.filter(author=author).exists():
        return
    start = _at(seeder.now, 24, SAT, "09:30", 180)
    proposal = services.event_propose(
        author=author, community=community, title="Chantier de plantation de haie",
        description=(
            "Planter 200 m de haie champêtre avec l'association des chasseurs et l'école "
            "du village. Je m'occupe des plants ; il nous faut des bras et des bêches."
        ),
        starts_at=start[0], ends_at=start[1], address="Chemin des Crêtes, 81500 Lavaur",
        circle=Circle.INFORMED,
        # A date poll: the informed and engaged members say which Saturday suits them.
        other_dates=[_at(seeder.now, days, SAT, "09:30", 180)[0] for days in (31, 38)],
    )
    _answer_the_poll(proposal, author)


def _answer_the_poll(proposal, author) -> None:
    """A few members of the circles asked have answered the date poll: the pair
    sees the count per date on the proposal's page."""
    options = list(proposal.date_options.order_by("starts_at"))
    members = list(
        Membership.objects.filter(community=proposal.community, circle__gte=Circle.INFORMED)
        .exclude(user=author).select_related("user").order_by("user_id")[:9]
    )
    for i, member in enumerate(members):
        chosen = [options[0].pk] if i % 3 == 0 else [options[1].pk]
        if i % 2 == 0:
            chosen.append(options[2].pk)
        services.date_poll_answer(proposal=proposal, person=member.user, option_ids=chosen)


def seed(out=None) -> dict:
    """Create what is missing of the demo's events; return what was created."""
    seeder = _Seeder(timezone.now())
    if CULTIVATOR not in seeder.users:
        raise RuntimeError("Run demo.communities.seed() first: the demo accounts are missing.")
    with transaction.atomic():
        _crowd_reads_announcements_in_a_digest(seeder)
        for slug, specs in COMMUNITY_EVENTS.items():
            community = Community.objects.get(slug=slug)
            for spec in specs:
                seeder.upcoming(community, spec)
        seeder.upcoming(None, REGIONAL_MEETING)
        seeder.full_outing()
        seeder.past_event()
        seeder.draft()
        _proposal_waiting_for_the_pair(seeder)
    created = seeder.created
    if out is not None:
        if any(created.values()):
            out.write(
                f"Events: created {created['events']} events and "
                f"{created['registrations']} registrations."
            )
        else:
            out.write("Events: already there, nothing to add.")
    return created
