"""The citizen opinion's part of the access world (issue #17, items 4 and 5):
the published process's opinion being written, the informed member on its
panel with a recommendation proposed to the leads; and a completed process
whose opinion is published, with an accepted recommendation to answer.
Called by world_processes.build_processes."""

from __future__ import annotations

import datetime as dt

DAY = dt.timedelta(days=1)


def build_opinion(people, o, process, lead, mandate) -> dict:
    from django.utils import timezone

    from processes import services
    from processes.models import Phase
    from processes.services import opinion as op

    member = people["informed"]
    panel_member = op.panel_member_add(process=process, person=member, actor=lead)
    proposal = process.proposals.filter(hidden_at__isnull=True).first()
    recommendation = op.recommendation_draft(
        process=process, author=member, title="Des pistes protégées",
        text="Séparer les pistes de la chaussée.", proposals=[proposal])

    now = timezone.now()
    done = services.process_create(actor=lead, direction=o["direction"],
                                   community=o["community"], title="Plan piéton", **mandate)
    services.phases_set(process=done, actor=lead, phases=[
        services.PhaseInput(Phase.Kind.CONTRIBUTIONS, now - 20 * DAY, now - 10 * DAY),
        services.PhaseInput(Phase.Kind.OPINION, now - 10 * DAY, now - DAY),
    ])
    done = services.process_publish(process=done, actor=lead)
    # Posted while its contributions phase was open (the service checks the instant).
    done_proposal = services.proposal_create(process=done, author=member,
                                             title="Des trottoirs plus larges",
                                             text="Rue de la gare.",
                                             now=now - 15 * DAY)
    op.panel_member_add(process=done, person=member, actor=lead)
    accepted = op.recommendation_draft(process=done, author=member, title="Élargir les trottoirs",
                                       text="D'abord près des écoles.",
                                       proposals=[done_proposal])
    op.recommendation_decide(recommendation=accepted, actor=lead, accept=True)
    op.opinion_publish(process=done, actor=lead)
    return {"panel_member": panel_member.pk, "recommendation": recommendation.pk,
            "opinion_process": done.slug, "published_recommendation": accepted.pk}
