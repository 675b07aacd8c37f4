"""Demo: the organising moments of issue #16 that are not events.

- Biodiversité: an informed member's topic proposal waiting for the pair
  ("Jardins partagés"), and one opened earlier that became a channel.
- Biodiversité and every community with a pair: the institution's
  participatory budget, linked as an external participation tool until the end
  of next month; Biodiversité also a consultation closed last week (hidden).

Safe to run again: it only adds what is missing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from communities.models import Circle, Community, Direction, Membership
from discussions.models import Channel
from elsewhere import services as elsewhere
from elsewhere.models import ExternalTool
from roles import selectors as pairs
from topics import services as topics
from topics.models import TopicProposal

BUDGET_URL = "https://jeparticipe.laregion.fr/budget-participatif"


def _cultivator():
    direction = Direction.objects.filter(is_coordinating=True).first()
    return direction.staff.order_by("pk").first() if direction else None


def _topics(community: Community) -> int:
    if TopicProposal.objects.filter(community=community).exists():
        return 0
    informed = (Membership.objects.filter(community=community, circle=Circle.INFORMED)
                .select_related("user").order_by("user_id").first())
    engaged = (Membership.objects.filter(community=community, circle=Circle.ENGAGED)
               .select_related("user").order_by("user_id").first())
    gardeners = pairs.gardeners_of(community)
    created = 0
    if informed is not None:
        topics.topic_propose(
            author=informed.user, community=community, name="Jardins partagés",
            description="Un canal pour organiser les jardins partagés du quartier : "
                        "semis, arrosage pendant les vacances, échanges de graines.",
            min_circle=Circle.INFORMED,
        )
        created += 1
    if engaged is not None and gardeners and not Channel.objects.filter(
            community=community, name__iexact="Suivi des haies").exists():
        opened = topics.topic_propose(
            author=engaged.user, community=community, name="Suivi des haies",
            description="Noter les haies plantées et leur reprise, saison après saison.",
            min_circle=Circle.INFORMED,
        )
        topics.topic_decide(proposal=opened, actor=gardeners[0], decision="open")
        created += 1
    return created


def _tools(community: Community, cultivator, today: dt.date) -> int:
    if ExternalTool.objects.filter(community=community).exists():
        return 0
    end_of_next_month = (today.replace(day=28) + dt.timedelta(days=35)).replace(day=28)
    elsewhere.tool_add(
        community=community, actor=cultivator, kind=ExternalTool.Kind.PARTICIPATORY_BUDGET,
        title="Budget participatif de la Région : déposez vos projets",
        url=BUDGET_URL, closes_on=end_of_next_month,
    )
    return 1


def seed(out=None) -> dict:
    cultivator = _cultivator()
    created = {"topics": 0, "tools": 0}
    today = timezone.localdate()
    with transaction.atomic():
        for community in Community.objects.order_by("pk"):
            created["tools"] += _tools(community, cultivator, today)
        biodiversite = Community.objects.filter(slug="biodiversite").first()
        if biodiversite is not None:
            created["topics"] += _topics(biodiversite)
            if not ExternalTool.objects.filter(community=biodiversite,
                                               kind=ExternalTool.Kind.CONSULTATION).exists():
                # A consultation closed last week: kept for the record, hidden from the page.
                ExternalTool.objects.create(
                    community=biodiversite, created_by=cultivator,
                    kind=ExternalTool.Kind.CONSULTATION,
                    title="Consultation sur le schéma régional de biodiversité",
                    url="https://jeparticipe.laregion.fr/consultation-biodiversite",
                    closes_on=today - dt.timedelta(days=7),
                )
                created["tools"] += 1
    if out is not None:
        out.write(f"Organising: {created['topics']} topic proposals, "
                  f"{created['tools']} external participation links.")
    return created
