"""The processes' part of the access world (tests/access/world.py): a
published process of the community's direction, tied to the community, in
its contributions phase, with the informed member's proposal, the citizen's
proposal hidden by the cultivator (who runs every direction's processes), a
commitment; a draft process; the pair's institution gardener made
process lead of the direction (the grant page's "Remove"); and the engaged
member named facilitator of the published process's workshops."""

from __future__ import annotations

import datetime as dt

DAY = dt.timedelta(days=1)
MANDATE = {
    "summary": "Où créer les prochaines pistes cyclables ?", "territory": "Toulouse",
    "elected_official": "Mme la vice-présidente", "open_to_debate": "Le tracé.",
    "not_open_to_debate": "Le budget.", "decision_maker": "Le conseil",
    "contributions_use": "Chaque proposition soutenue reçoit une réponse.",
    "answer_due_on": dt.date(2027, 6, 30), "support_threshold": 2,
}


def build_processes(people, o) -> dict:
    # Imported here: tests/access/matrix.py (plain Python, no Django) imports
    # this module through routes_api.py to learn that the world holds processes.
    from django.utils import timezone

    from processes import services
    from processes.models import Phase

    lead = people["cultivator"]
    now = timezone.now()
    process = services.process_create(actor=lead, direction=o["direction"],
                                      community=o["community"], title="Plan vélo", **MANDATE)
    services.phases_set(process=process, actor=lead, phases=[
        services.PhaseInput(Phase.Kind.INFORMATION, now - 10 * DAY, now - DAY),
        services.PhaseInput(Phase.Kind.CONTRIBUTIONS, now - DAY, now + 30 * DAY),
    ])
    process = services.process_publish(process=process, actor=lead)
    proposal = services.proposal_create(process=process, author=people["informed"],
                                        title="Une piste rue de Metz", text="Vers la gare.")
    hidden = services.proposal_create(process=process, author=people["citizen"],
                                      title="Hors sujet", text="Un texte hors sujet.")
    services.proposal_hide(proposal=hidden, actor=lead, reason="Hors sujet")
    commitment = services.commitment_save(process=process, actor=lead, title="Piste rue de Metz",
                                          status="in_progress", progress=40, proposal=proposal)
    draft = services.process_create(actor=lead, direction=o["direction"], title="Brouillon",
                                    **MANDATE)
    services.phases_set(process=draft, actor=lead, phases=[
        services.PhaseInput(Phase.Kind.CONTRIBUTIONS, now + DAY, now + 30 * DAY)])
    # A brief on each (issue #17, item 2): public with the published process only.
    from django.core.files.uploadedfile import SimpleUploadedFile

    def pdf(name):
        return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    document = services.document_publish(process=process, actor=lead, kind="brief",
                                         title="Cahier des charges", dated_on=now.date(),
                                         upload=pdf("cahier.pdf"))
    draft_document = services.document_publish(process=draft, actor=lead, kind="brief",
                                               title="Brouillon", dated_on=now.date(),
                                               upload=pdf("brouillon.pdf"))
    # The pair's institution gardener, an agent of the direction, leads its processes.
    agent = o["pair"].institution_gardener
    o["direction"].staff.add(agent)
    process_lead = services.process_lead_grant(direction=o["direction"], person=agent, actor=lead)
    # Issue #17, item 7: the region gardener referred the community's open need
    # to the process; a working group's result waits to be referred.
    from needs.models import Need
    from workgroups.models import Decision

    need = Need.objects.get(community=o["community"],
                            title="Une salle pour une bourse aux semences")
    referral = services.referral_create(actor=agent, process=process, need=need,
                                        message="Une salle prêtée par la Région ?")
    result = Decision.objects.filter(group__community=o["community"]).latest("pk")
    # Issue #17, item 3: the engaged member facilitates the published process's
    # workshops (enters their contributions, publishes their minutes).
    facilitator = services.facilitator_grant(process=process, actor=lead,
                                             person=people["engaged"])
    # Issue #17, items 4 and 5: the citizen opinion (world_opinion.py).
    from .world_opinion import build_opinion

    opinion_ids = build_opinion(people, o, process, lead, MANDATE)
    return {**opinion_ids, "referral": referral.pk, "group_result": result.pk,
            "process_lead": process_lead.pk, "process": process.slug, "draft_process": draft.slug, "process_proposal": proposal.pk,
            "hidden_process_proposal": hidden.pk, "commitment": commitment.pk,
            "process_document": document.pk, "draft_process_document": draft_document.pk,
            "facilitator": facilitator.pk}
