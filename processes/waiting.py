"""What waits for a person in citizen dialogue processes, for their
dashboard (communities/waiting.py): their recommendations for a citizen
opinion that the process's leads sent back for changes, while the opinion
is still written. One query."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from communities import waiting

from . import kinds
from .models import Opinion, Recommendation


def recommendations_to_revise(user) -> list[waiting.Item]:
    recommendations = (
        Recommendation.objects.filter(author=user,
                                      state=Recommendation.State.CHANGES_REQUESTED,
                                      opinion__state=Opinion.State.WRITING)
        .select_related("opinion__process").only(
            "id", "title", "opinion__process__slug", "opinion__process__title")
        .order_by("updated_at", "pk")[:waiting.LIMIT]
    )
    return [
        waiting.Item(
            text=_("Revise your recommendation “%(title)s” for the citizen opinion") % {
                "title": r.title},
            url=reverse("processes:recommendation_edit",
                        kwargs={"slug": r.opinion.process.slug, "pk": r.pk}),
            community=r.opinion.process.title,
        )
        for r in recommendations
    ]


def register() -> None:
    waiting.register(waiting.Source("recommendations_to_revise",
                                    (kinds.RECOMMENDATION_DECIDED,), recommendations_to_revise))
