"""The access matrix's objects of issue #16's organising pieces: a topic
proposal of the informed member, an external participation tool."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from communities.models import Circle
from elsewhere import services as elsewhere
from elsewhere.models import ExternalTool
from topics import services as topics


def build_organising(people, o) -> dict:
    topic = topics.topic_propose(
        author=people["informed"], community=o["community"], name="Jardins partagés",
        description="Parler des jardins du quartier.", min_circle=Circle.INFORMED,
    )
    tool = elsewhere.tool_add(
        community=o["community"], actor=people["cultivator"],
        kind=ExternalTool.Kind.PARTICIPATORY_BUDGET, title="Budget participatif",
        url="https://jeparticipe.example.org/budget",
        closes_on=timezone.localdate() + dt.timedelta(days=30),
    )
    return {"topic_proposal": topic.pk, "external_tool": tool.pk}
