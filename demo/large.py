"""A large data set for measuring the platform at size (`manage.py seed_large`).

At scale 1: 100 communities, 20,000 members, 2,000 events, 100,000
registrations, 200,000 channel messages, 500 letters. Rows are inserted in
batches (bulk_create: no signals, no services, no e-mails), written so that
the invariants the services keep hold:

- each channel's `last_seq` is its last message's `seq`; messages are numbered
  1..n per channel in the order of their ids; its `message_count` and the
  read states' `seen_count` are recounted from the rows (unread counts);
- each event's `confirmed_count`, `waiting_count` and `next_waiting_position`
  match its registrations: confirmed up to the capacity, the rest waiting at
  positions 1..n, one live registration per person and event;
- every member is in one circle of each community they belong to; every
  community has an active gardener pair whose institution gardener is on the
  staff of the pair's direction, and a general channel.

Everything it creates is named `large-…` (slugs, e-mails) so that it sits
next to the demo; it refuses to run twice.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from communities.models import Circle, Community, Direction, Membership
from discussions.models import Channel, Message, ReadState
from discussions.services import unread
from events.models import Event, Registration
from newsletters.models import AudienceCircle, Letter, Section
from roles import services as pair_services

User = get_user_model()

FULL = {
    "communities": 100,
    "members": 20_000,
    "events": 2_000,
    "registrations": 100_000,
    "messages": 200_000,
    "letters": 500,
}
PREFIX = "large"
PASSWORD = "terreau-large"
BATCH = 5_000
SEED = 14
WORDS = ["jardin", "compost", "haie", "mare", "rucher", "verger", "semis", "atelier", "balade", "inventaire", "oiseaux", "chantier", "nichoir", "prairie", "fauche", "sentier", "école", "mairie", "quartier", "réunion", "sortie"]


@dataclass
class Sizes:
    communities: int
    members: int
    events: int
    registrations: int
    messages: int
    letters: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        sizes = {name: max(round(n * scale), 1) for name, n in FULL.items()}
        sizes["communities"] = max(sizes["communities"], 2)
        sizes["members"] = max(sizes["members"], 4 * sizes["communities"])
        return cls(**sizes)


@dataclass
class Report:
    sizes: Sizes
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return round(sum(self.seconds.values()), 1)


def _sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def already_seeded() -> bool:
    return Community.objects.filter(slug__startswith=f"{PREFIX}-").exists()


def seed(scale: float = 1.0, *, out=None) -> Report:
    """Create the data set at `scale`; returns how long each part took."""
    sizes = Sizes.at(scale)
    report = Report(sizes)
    rng = random.Random(SEED)
    now = timezone.now()
    state: dict = {}

    def step(name, function):
        started = time.perf_counter()
        with transaction.atomic():
            function(sizes, rng, now, state)
        report.seconds[name] = round(time.perf_counter() - started, 1)
        if out is not None:
            out.write(f"  {name}: {report.seconds[name]} s")

    step("communities and members", _communities_and_members)
    step("events and registrations", _events_and_registrations)
    step("channels and messages", _channels_and_messages)
    step("letters", _letters)
    return report


# --- communities, members, gardeners -------------------------------------------------------


def _communities_and_members(sizes: Sizes, rng, now, state) -> None:
    directions = Direction.objects.bulk_create(
        Direction(name=f"Large direction {i}", slug=f"{PREFIX}-direction-{i}") for i in range(5)
    )
    communities = Community.objects.bulk_create(
        Community(
            name=f"Large community {i:03}", slug=f"{PREFIX}-{i:03}",
            description=_sentence(rng, 30), territory=f"Territoire {i % 13}",
            direction=directions[i % len(directions)],
        )
        for i in range(sizes.communities)
    )
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        (
            User(email=f"{PREFIX}-{i}@example.org", display_name=f"Membre {i}", password=password,
                 preferred_language="fr")
            for i in range(sizes.members)
        ),
        batch_size=BATCH,
    )
    EmailAddress.objects.bulk_create(
        (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users),
        batch_size=BATCH,
    )
    # Members spread evenly; one in five also belongs to a second community.
    # The first two members of each community are its gardener pair (engaged).
    n = len(communities)
    members_of: dict[int, list[tuple[int, int]]] = {c.pk: [] for c in communities}
    rows = []
    for i, user in enumerate(users):
        homes = [communities[i % n]]
        if i % 5 == 4:
            homes.append(communities[(i * 7 + 3) % n])
        for community in dict.fromkeys(homes):
            gardener = i < 2 * n
            draw = rng.random()
            circle = (Circle.ENGAGED if gardener or draw < 0.15
                      else Circle.INFORMED if draw < 0.4 else Circle.CITIZENS)
            rows.append(Membership(community=community, user=user, circle=circle))
            members_of[community.pk].append((user.pk, circle))
    Membership.objects.bulk_create(rows, batch_size=BATCH)
    for index, community in enumerate(communities):
        # Through the roles' service (a few queries each, 100 communities at
        # scale 1): the derived role stores and the audit log stay true.
        territory, institution = users[index], users[n + index]
        direction = directions[index % len(directions)]
        direction.staff.add(institution)
        pair_services.pair_appoint(
            community=community, territory_gardener=territory, institution_gardener=institution,
            direction=direction, actor=None,
        )
    state.update(communities=communities, members_of=members_of)


# --- events and registrations -----------------------------------------------------------------


def _events_and_registrations(sizes: Sizes, rng, now, state) -> None:
    communities = state["communities"]
    members_of = state["members_of"]
    per_event = max(sizes.registrations // sizes.events, 1)
    events = []
    for i in range(sizes.events):
        community = communities[i % len(communities)]
        starts = now + dt.timedelta(days=rng.randint(-700, 120), hours=rng.randint(8, 19))
        events.append(Event(
            community=community, title=f"{_sentence(rng, 4)[:-1]} {i}",
            description=_sentence(rng, 40), starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2), address=f"{i} place du marché",
            capacity=rng.choice((None, per_event // 2 or 1, per_event, 2 * per_event)),
            state=Event.State.PUBLISHED, published_at=starts - dt.timedelta(days=30),
            organiser_id=members_of[community.pk][0][0],
        ))
    events = Event.objects.bulk_create(events, batch_size=BATCH)

    left = sizes.registrations
    rows = []
    for index, event in enumerate(events):
        people = members_of[event.community_id]
        want = min(left // (len(events) - index), len(people))
        left -= want
        confirmed = waiting = 0
        for user_pk, _circle in rng.sample(people, want):
            if event.capacity is None or confirmed < event.capacity:
                confirmed += 1
                status, position = Registration.Status.CONFIRMED, None
            else:
                waiting += 1
                status, position = Registration.Status.WAITING, waiting
            rows.append(Registration(
                event=event, user_id=user_pk, name=f"Membre {user_pk}",
                email=f"member-{user_pk}@example.org", status=status, waiting_position=position,
                code=secrets.token_hex(6), secret=secrets.token_hex(20),
                consent_at=event.published_at,
                confirmed_at=event.published_at if position is None else None,
            ))
        event.confirmed_count, event.waiting_count = confirmed, waiting
        event.next_waiting_position = waiting + 1
        if len(rows) >= BATCH:
            Registration.objects.bulk_create(rows)
            rows = []
    Registration.objects.bulk_create(rows)
    Event.objects.bulk_update(
        events, ["confirmed_count", "waiting_count", "next_waiting_position"], batch_size=BATCH
    )


# --- channels and messages ----------------------------------------------------------------------


def _channels_and_messages(sizes: Sizes, rng, now, state) -> None:
    communities = state["communities"]
    members_of = state["members_of"]
    channels = Channel.objects.bulk_create(
        channel
        for community in communities
        for channel in (
            Channel(community=community, name="Général", is_general=True,
                    min_circle=Circle.CITIZENS),
            Channel(community=community, name="Informés", min_circle=Circle.INFORMED),
            Channel(community=community, name="Engagés", min_circle=Circle.ENGAGED),
        )
    )
    # Most talk in the general channel: 60 %, 25 %, 15 %.
    weights = [0.6, 0.25, 0.15] * len(communities)
    counts = [0] * len(channels)
    for _ in range(sizes.messages):
        counts[rng.choices(range(len(channels)), weights)[0]] += 1
    start = now - dt.timedelta(days=3 * 365)
    rows, last_seq = [], {}
    for channel, count in zip(channels, counts, strict=True):
        authors = [pk for pk, circle in members_of[channel.community_id]
                   if circle >= channel.min_circle] or [members_of[channel.community_id][0][0]]
        for seq in range(1, count + 1):
            rows.append(Message(
                channel=channel, author_id=rng.choice(authors), body=_sentence(rng), seq=seq,
            ))
            if len(rows) >= BATCH:
                Message.objects.bulk_create(rows)
                rows = []
        last_seq[channel.pk] = count
    Message.objects.bulk_create(rows)
    for channel in channels:
        channel.last_seq = last_seq[channel.pk]
    Channel.objects.bulk_update(channels, ["last_seq"], batch_size=BATCH)
    # created_at is set on insert (auto_now_add): spread each channel's
    # messages evenly over three years, oldest first, in one statement.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE discussions_message m SET created_at = %s - (c.last_seq - m.seq) "
            "* (%s / c.last_seq) * interval '1 second' "
            "FROM discussions_channel c WHERE m.channel_id = c.id AND c.id = ANY(%s)",
            [now, (now - start).total_seconds(), [c.pk for c in channels]],
        )
    # The gardeners read the general channel up to its last message.
    last = {row["channel"]: row["last"] for row in
            Message.objects.filter(channel__in=channels).values("channel")
            .annotate(last=Max("id"))}
    ReadState.objects.bulk_create(
        ReadState(user_id=members_of[c.community_id][0][0], channel=c,
                  last_read_message_id=last.get(c.pk, 0))
        for c in channels if c.is_general
    )
    # The unread counts the services keep (discussions/services/unread.py),
    # set from the rows above: three statements.
    unread.recount(channel_ids=[c.pk for c in channels])


# --- letters ------------------------------------------------------------------------------------


def _letters(sizes: Sizes, rng, now, state) -> None:
    communities = state["communities"]
    members_of = state["members_of"]
    letters = []
    for i in range(sizes.letters):
        community = communities[i % len(communities)]
        sent = now - dt.timedelta(days=30 * (i // len(communities) + 1))
        letters.append(Letter(
            community=community, title=f"Lettre {i}", planned_for=sent.date(),
            contributions_until=sent - dt.timedelta(days=7), intro=_sentence(rng, 20),
            state=Letter.State.SENT, created_by_id=members_of[community.pk][0][0],
            call_sent_at=sent - dt.timedelta(days=21), sending_started_at=sent, sent_at=sent,
            sent_by_id=members_of[community.pk][0][0],
            recipients_total=len(members_of[community.pk]),
        ))
    letters = Letter.objects.bulk_create(letters, batch_size=BATCH)
    Section.objects.bulk_create(
        (
            Section(letter=letter, author_id=members_of[letter.community_id][k][0],
                    author_name=f"Membre {k}", title=_sentence(rng, 3)[:-1],
                    body=_sentence(rng, 60), state=Section.State.ACCEPTED, position=k)
            for letter in letters for k in range(3)
        ),
        batch_size=BATCH,
    )
    AudienceCircle.objects.bulk_create(
        (AudienceCircle(letter=letter, community_id=letter.community_id, circle=Circle.CITIZENS)
         for letter in letters),
        batch_size=BATCH,
    )
