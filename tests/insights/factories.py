"""Scenes for the dashboards' tests: circle history, events, letters, channels.

History rows are written as the communities services write them, then dated
in the past with an UPDATE (`created_at` is set on insert).
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from communities.models import Circle, CircleChange, Membership
from discussions.models import Channel, Message
from needs.models import Need
from newsletters.models import Section
from tests.events.factories import EventFactory
from tests.newsletters.factories import LetterFactory, SectionFactory

User = get_user_model()
PARIS = timezone.get_default_timezone()


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=PARIS)


def change(community, user, from_circle, to_circle, when: datetime) -> CircleChange:
    if from_circle is None:
        kind = CircleChange.Kind.JOINED
    elif to_circle is None:
        kind = CircleChange.Kind.LEFT
    else:
        kind = CircleChange.Kind.MOVED
    row = CircleChange.objects.create(
        community=community, user=user, kind=kind, from_circle=from_circle, to_circle=to_circle
    )
    CircleChange.objects.filter(pk=row.pk).update(created_at=when)
    return row


def need(community, author, status: str = "new") -> Need:
    return Need.objects.create(
        community=community, author=author, title="Une salle pour une bourse aux semences",
        description="Un samedi de mars.", status=status, status_changed_at=timezone.now(),
    )


def populate_indicators(community, size: int, *, now=None) -> None:
    """`size` members who joined over the last year, some moved in, some left;
    events, letters with sections, channels with messages, all scaled by size."""
    now = now or timezone.now()
    users = User.objects.bulk_create(
        User(email=f"{community.slug}-ind-{i}@example.org", display_name=f"Membre {i}")
        for i in range(size)
    )
    stays = users[: size - size // 5]
    Membership.objects.bulk_create(
        Membership(community=community, user=user, circle=Circle.values[i % 3])
        for i, user in enumerate(stays)
    )
    rows = []
    for i, user in enumerate(users):
        rows.append(CircleChange(community=community, user=user, kind="joined",
                                 from_circle=None, to_circle=Circle.CITIZENS))
        if user in stays and i % 3:
            rows.append(CircleChange(community=community, user=user, kind="moved",
                                     from_circle=Circle.CITIZENS, to_circle=Circle.values[i % 3]))
        if user not in stays:
            rows.append(CircleChange(community=community, user=user, kind="left",
                                     from_circle=Circle.CITIZENS, to_circle=None))
    created = CircleChange.objects.bulk_create(rows)
    ids = [row.pk for row in created]
    for month in range(12):
        CircleChange.objects.filter(pk__in=ids[month::12]).update(
            created_at=now - timedelta(days=30 * (11 - month) + 1)
        )
    for i in range(max(size // 10, 1)):
        EventFactory(community=community, capacity=20 if i % 2 else None)
        letter = LetterFactory(community=community, circles=[])
        SectionFactory(letter=letter, author=users[i])
        SectionFactory(letter=letter, author=users[i], state=Section.State.ACCEPTED)
        need(community, users[i], "new")
        need(community, users[i], "done")
        channel = Channel.objects.create(community=community, name=f"Salon {i}")
        Message.objects.bulk_create(
            Message(channel=channel, author=user, body="Bonjour") for user in stays[:10]
        )
