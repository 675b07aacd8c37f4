"""The letters part of `manage.py seed_demo`: subscribers, archives, a letter in progress.

- Subscribers: in each community, a share of each circle agrees to receive
  its letters (with the demo accounts and the staff who follow it), through
  `newsletters.services.subscription_set`, which records each consent
  (accounts/consents.py). Their agreement is dated after they joined.
- Two sent letters (Biodiversité, Alimentation durable), written, decided
  and sent through the services: the copies go through the same batches as
  a real sending (to the local outbox), to those who had agreed by then.
- Biodiversité's next letter, its call for contributions open, with
  sections by several members: accepted, waiting, sent back for changes,
  declined with the gardeners' answer.

The services stamp "now"; dates are moved back afterwards (the letters,
their sections, copies, calls and the agreements), so the archive and the
consents tell the same story.

Idempotent: a community with any subscription keeps its subscribers; a
letter is found by its community and title. Run after the communities and
the working groups, before the discussions (they quote the call's deadline).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Consent
from communities.models import Circle, Community, Membership
from newsletters import kinds, services
from newsletters.models import Delivery, Letter, Section, Subscription
from notifications.models import Notification
from roles import selectors as pairs

from .communities_data import SEED
from .events_data import PARIS
from .newsletters_data import ALWAYS_SUBSCRIBED, IN_PROGRESS, SENT, SUBSCRIBED_SHARE

DEMO_AUTHORS = {"nadia": "engage@", "thomas": "informe@"}
DAY = dt.timedelta(days=1)


def _subscribers(community, rng) -> list[Membership]:
    """The memberships whose person agrees: the same on every run."""
    chosen = []
    memberships = Membership.objects.filter(community=community).select_related("user")
    for membership in memberships.order_by("user_id"):
        drawn = rng.random() < SUBSCRIBED_SHARE[membership.circle]  # a draw for everyone
        if drawn or membership.user.email.startswith(ALWAYS_SUBSCRIBED):
            chosen.append(membership)
    return chosen


def _subscribe(memberships, rng, *, after, before) -> int:
    """Agree through the service, then date each agreement between `after`
    (or the person's arrival) and `before`."""
    if not memberships:
        return 0
    subscriptions, dates = [], {}
    for membership in memberships:
        subscription = services.subscription_set(
            user=membership.user, community=membership.community, subscribed=True,
            source=rng.choice([Subscription.Source.LETTER_PAGE, Subscription.Source.PROFILE]),
        )
        start = max(membership.joined_at, after)
        at = start + (before - start) * rng.random()
        subscription.consented_at = subscription.changed_at = dates[membership.user_id] = at
        subscriptions.append(subscription)
    Subscription.objects.bulk_update(subscriptions, ["consented_at", "changed_at"])
    community = memberships[0].community
    consents = list(Consent.objects.filter(
        user_id__in=dates, purpose=Consent.Purpose.LETTERS, withdrawn_at__isnull=True,
        scope=f"{community._meta.label_lower}:{community.pk}",
    ))
    for consent in consents:
        consent.given_at = dates[consent.user_id]
    Consent.objects.bulk_update(consents, ["given_at"])
    return len(subscriptions)


class _Authors:
    """Who writes a section: gardeners, demo accounts, members drawn once."""

    def __init__(self, community, rng):
        pair = pairs.active_pair(community)
        self.people = {"jt": pair.territory_gardener, "jr": pair.institution_gardener}
        for key, prefix in DEMO_AUTHORS.items():
            found = Membership.objects.filter(
                community=community, user__email__startswith=prefix
            ).select_related("user").first()
            if found is not None:
                self.people[key] = found.user
        taken = {u.pk for u in self.people.values()}
        self.drawn = {}
        for circle in (Circle.ENGAGED, Circle.INFORMED):
            members = [
                m.user for m in Membership.objects.filter(community=community, circle=circle)
                .exclude(user_id__in=taken).select_related("user").order_by("user_id")
                if "." in m.user.email.split("@")[0]  # the crowd, not a demo account
            ]
            self.drawn[circle] = rng.sample(members, min(4, len(members)))
        self.next = {Circle.ENGAGED: 0, Circle.INFORMED: 0}

    def __call__(self, key):
        if key in self.people:
            return self.people[key]
        circle = Circle.ENGAGED if key == "engaged" else Circle.INFORMED
        user = self.drawn[circle][self.next[circle] % len(self.drawn[circle])]
        self.next[circle] += 1
        return user


def _date_call(letter, at) -> None:
    Notification.objects.filter(
        kind=kinds.CONTRIBUTION_CALL, community=letter.community, data__letter=letter.title
    ).update(created_at=at)


def _sent_letter(spec, community, authors, now) -> Letter:
    gardener = authors("jt")
    letter = services.letter_create(
        community=community, actor=gardener, title=spec["title"],
        planned_for=timezone.localdate(now) + DAY, contributions_until=now + dt.timedelta(hours=1),
        intro=spec["intro"],
    )
    sections = []
    for section in spec["sections"]:
        proposed = services.section_propose(
            letter=letter, author=authors(section["author"]), title=section["title"],
            body=section["body"],
        )
        sections.append(services.section_accept(section=proposed, actor=authors("jr")))
    services.letter_close_call(letter=letter, actor=gardener)
    services.letter_send_now(letter=letter, actor=gardener)
    while True:  # the batches a worker would send, here and now
        result = services.letter_send_batch(letter_id=letter.pk)
        if not (result.claimed and result.remaining):
            break
    sent = now - dt.timedelta(days=spec["sent_days_ago"])
    opened = sent - dt.timedelta(days=21)
    Letter.objects.filter(pk=letter.pk).update(
        created_at=opened, call_sent_at=opened, contributions_until=sent - dt.timedelta(days=7),
        planned_for=timezone.localtime(sent, PARIS).date(), sending_started_at=sent,
        sent_at=sent + dt.timedelta(minutes=4),
    )
    for i, section in enumerate(sections):
        written = opened + dt.timedelta(days=2 + 3 * i, hours=5)
        Section.objects.filter(pk=section.pk).update(
            created_at=written, updated_at=sent - 6 * DAY, decided_at=sent - 6 * DAY
        )
    Delivery.objects.filter(letter=letter).update(
        sent_at=sent + dt.timedelta(minutes=2), claimed_at=sent + dt.timedelta(minutes=1)
    )
    _date_call(letter, opened)
    Notification.objects.filter(
        kind=kinds.CONTRIBUTION_CALL, community=community, data__letter=letter.title
    ).update(read_at=opened + DAY)
    return letter


def _letter_in_progress(spec, community, authors, now) -> Letter:
    today = timezone.localtime(now, PARIS).date()
    closes = dt.datetime.combine(
        today + dt.timedelta(days=spec["call_closes_in"]), dt.time(23, 59), tzinfo=PARIS
    )
    letter = services.letter_create(
        community=community, actor=authors("jr"), title=spec["title"],
        planned_for=today + dt.timedelta(days=spec["planned_in"]), contributions_until=closes,
        invite_informed=True, intro=spec["intro"],
    )
    opened = now - dt.timedelta(days=spec["call_opened_days_ago"])
    decide = {
        "accepted": services.section_accept,
        "changes_requested": services.section_request_changes,
        "declined": services.section_decline,
    }
    for i, section in enumerate(spec["sections"]):
        proposed = services.section_propose(
            letter=letter, author=authors(section["author"]), title=section["title"],
            body=section["body"],
        )
        written = opened + dt.timedelta(hours=20 + 18 * i)
        dates = {"created_at": written, "updated_at": written}
        if section["state"] in decide:
            decide[section["state"]](
                section=proposed, actor=authors("jt"), comment=section["comment"]
            )
            dates.update(decided_at=written + dt.timedelta(hours=9),
                         updated_at=written + dt.timedelta(hours=9))
        Section.objects.filter(pk=proposed.pk).update(**dates)
    Letter.objects.filter(pk=letter.pk).update(created_at=opened, call_sent_at=opened)
    _date_call(letter, opened)
    return letter


def seed(out=None) -> dict:
    """Create what is missing of the demo's letters; return what was created."""
    now = timezone.now()
    created = {"subscriptions": 0, "letters": 0}
    with transaction.atomic():
        for community in Community.objects.order_by("pk"):
            if pairs.active_pair(community) is None:
                continue
            rng = random.Random(f"{SEED}-letters-{community.slug}")
            authors = _Authors(community, rng)
            sent = [s for s in SENT if s["community"] == community.slug]
            new = not Subscription.objects.filter(community=community).exists()
            first = now - dt.timedelta(days=max([s["sent_days_ago"] for s in sent], default=0))
            chosen = _subscribers(community, rng) if new else []
            # Those who had joined two days before the first letter agreed before it.
            early = [m for m in chosen if m.joined_at < first - 2 * DAY]
            created["subscriptions"] += _subscribe(
                early, rng, after=now - dt.timedelta(days=365), before=first - DAY
            )
            for spec in sent:
                if not Letter.objects.filter(community=community, title=spec["title"]).exists():
                    _sent_letter(spec, community, authors, now)
                    created["letters"] += 1
            created["subscriptions"] += _subscribe(
                [m for m in chosen if m not in early], rng, after=first, before=now - DAY
            )
            spec = IN_PROGRESS
            if spec["community"] == community.slug and not Letter.objects.filter(
                community=community, title=spec["title"]
            ).exists():
                _letter_in_progress(spec, community, authors, now)
                created["letters"] += 1
    if out is not None:
        if any(created.values()):
            out.write(
                f"Letters: {created['subscriptions']} subscribers and {created['letters']} "
                "letters created."
            )
        else:
            out.write("Letters: already there, nothing to add.")
    return created
