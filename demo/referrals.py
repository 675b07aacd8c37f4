"""Demo of the direction answering in the app (issue #16, item 4) and of a
community's need referred to a citizen dialogue process (issue #17, item 7).

In Biodiversité, after demo.coaching (which relays one need, answered by the
gardener on the direction's behalf): one more need relayed and answered by
an agent of the direction herself (Nadia Roux, agent.environnement@demo.terreau.fr,
the demo password), one relayed and waiting for her answer (on her page
/me/direction/relays/), and one need referred by the region gardener to the
open process "Haies et bocages de l'Aveyron", answered "under study" by its
process lead. Idempotent: nothing is added twice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from communities.models import Community, Direction
from demo.factories import UserFactory
from needs import relays
from needs.models import Need, Relay, Status
from processes import services as process_services
from processes.models import Process, ProcessLead, Referral
from roles import selectors as roles

AGENT_EMAIL = "agent.environnement@demo.terreau.fr"
OPEN_PROCESS = "Haies et bocages de l'Aveyron"


def _agent(direction, password) -> object:
    agent = UserFactory._meta.model.objects.filter(email=AGENT_EMAIL).first()
    if agent is None:
        agent = UserFactory(email=AGENT_EMAIL, display_name="Nadia Roux",
                            preferred_language="fr")
        agent.password = password
        agent.save(update_fields=["password"])
    direction.staff.add(agent)
    return agent


def _open_needs(community, *, unrelayed=True):
    needs = Need.objects.filter(
        community=community, status__in=[Status.NEW, Status.DISCUSSED],
        visibility=Need.Visibility.COMMUNITY, hidden_at__isnull=True)
    if unrelayed:
        needs = needs.filter(relay__isnull=True)
    return list(needs.order_by("pk"))


def seed(out=None) -> dict:
    created = {"relays": 0, "referrals": 0}
    community = Community.objects.filter(slug="biodiversite").first()
    pair = roles.active_pair(community) if community else None
    if pair is None or pair.institution_gardener is None:
        return created
    direction = pair.direction or community.direction
    cultivator_direction = Direction.objects.filter(is_coordinating=True).first()
    cultivator = cultivator_direction.staff.order_by("pk").first() if cultivator_direction else None
    if direction is None or cultivator is None:
        return created
    gardener = pair.institution_gardener
    try:
        with transaction.atomic():
            agent = _agent(direction, cultivator.password)
            if not Relay.objects.filter(answer_recorded_by=agent).exists():
                needs = _open_needs(community)
                if len(needs) >= 2:
                    answered, waiting = needs[0], needs[1]
                    relays.need_relay(need=answered, actor=gardener,
                                      message="Pouvez-vous financer les plants d'une haie "
                                              "pédagogique ?")
                    relays.relay_answer_record(
                        need=answered, actor=agent, status=Relay.Answer.YES,
                        answer="Oui : 300 plants sur le budget 2027 de la direction ; prenez "
                               "contact avec le service Biodiversité pour la livraison.")
                    relays.need_relay(need=waiting, actor=gardener,
                                      message="La direction peut-elle relayer cet appel dans "
                                              "sa lettre aux communes ?")
                    created["relays"] = 2
            process = Process.objects.filter(title=OPEN_PROCESS,
                                             state=Process.State.PUBLISHED).first()
            if process is not None and not Referral.objects.filter(process=process).exists():
                # The latest open need (it may also wait for its direction).
                need = next(iter(reversed(_open_needs(community, unrelayed=False))), None)
                lead = (ProcessLead.objects.filter(direction=process.direction)
                        .order_by("pk").first())
                if need is not None:
                    referral = process_services.referral_create(
                        actor=gardener, process=process, need=need,
                        message="La communauté demande que ce besoin soit examiné avec les "
                                "propositions sur les haies.")
                    process_services.referral_answer(
                        referral=referral, actor=lead.person if lead else cultivator,
                        status="under_study",
                        reason="Examiné à l'atelier de janvier avec les agriculteurs ; "
                               "réponse définitive avec les autres propositions.")
                    created["referrals"] = 1
    except ValidationError as error:  # the demo region is not what this expects
        if out is not None:
            out.write(f"Direction answers and referrals skipped: {'; '.join(error.messages)}")
        return {"relays": 0, "referrals": 0}
    if out is not None:
        out.write(f"Direction answers: {created['relays']} needs relayed (one answered by "
                  f"{AGENT_EMAIL}, one waiting); {created['referrals']} need referred to "
                  f"“{OPEN_PROCESS}”.")
    return created
