"""The citizen opinion of the demo's completed process (docs/processes.md,
"The citizen opinion"), after demo.processes.seed().

"Îlots de fraîcheur dans les cours d'école": Sophie Delmas named two
members of Biodiversité to the panel and wrote its introduction; they
drafted three recommendations, each linked to the proposals it draws on
(one sent back with a note, then revised, before she accepted it); she
published the opinion before the answers' date, and the decision-maker
answered every recommendation (one "under study"). Everything through the
services, dated back. Idempotent: an opinion already there is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from processes.models import Answer, Opinion, Process
from processes.services import opinion as op

from .processes import CONTRIBUTORS, LEAD

User = get_user_model()
DAY = dt.timedelta(days=1)
TITLE = "Îlots de fraîcheur dans les cours d'école"
INTRODUCTION = (
    "Deux membres de la communauté Biodiversité ont lu les propositions en ligne et les "
    "comptes rendus d'ateliers, puis se sont retrouvés trois soirs au lycée Bellevue. Voici "
    "leurs recommandations à la commission permanente ; chacune renvoie aux contributions "
    "dont elle est tirée."
)
# (title, text, the proposals it draws on by index, the answer's status and reason)
RECOMMENDATIONS = [
    ("Commencer par les cours les plus chaudes",
     ("Mesurer la température des cours en juin et désimperméabiliser d'abord celles qui "
     "dépassent 40 °C au sol, en plantant des arbres à grand développement."),
     (0, 1), Answer.Status.ADOPTED,
     ("Les relevés de juin ont classé les cours ; Bellevue et deux internats passent en "
     "premier, avec des tilleuls et des érables champêtres.")),
    ("Associer les élèves à l'entretien",
     ("Confier l'arrosage et le paillage des plantations à un club d'élèves, encadré par les "
     "agents des lycées, pour que les arbres passent leurs deux premiers étés."),
     (0,), Answer.Status.ADOPTED_IN_PART,
     "Un club dans chaque lycée volontaire ; l'arrosage des vacances reste confié aux agents."),
    ("De l'eau fraîche dans chaque cour",
     ("Installer au moins un point d'eau potable ombragé par cour, en commençant par les "
     "lycées sans fontaine."),
     (2,), Answer.Status.UNDER_STUDY,
     ("Le réseau des lycées anciens est en cours de diagnostic ; la réponse définitive "
     "viendra avec le plan de rénovation.")),
]


def _panel(process) -> list:
    """Two members of the process's community, not its contributors nor its lead."""
    return list(User.objects.filter(memberships__community=process.community)
                .exclude(email__in=[*CONTRIBUTORS, LEAD])
                .exclude(process_proposals__process=process)
                .order_by("-pk")[:2])


def _write(process, lead, now) -> Opinion:
    members = _panel(process)
    for person in members:
        op.panel_member_add(process=process, person=person, actor=lead)
    op.introduction_set(process=process, introduction=INTRODUCTION, actor=lead)
    proposals = list(process.proposals.order_by("pk"))
    published_at = now - 45 * DAY
    drafted = []
    for i, (title, text, linked, _status, _reason) in enumerate(RECOMMENDATIONS):
        author = members[i % len(members)]
        recommendation = op.recommendation_draft(
            process=process, author=author, title=title, text=text,
            proposals=[proposals[k] for k in linked if k < len(proposals)])
        if i == 1:  # sent back once, then revised: the co-writing shows in the audit
            op.recommendation_decide(recommendation=recommendation, actor=lead, accept=False,
                                     note="Précisez qui arrose pendant les vacances.")
            op.recommendation_revise(recommendation=recommendation, author=author, title=title,
                                     text=text + " Pendant les vacances, les agents prennent "
                                     "le relais.",
                                     proposals=list(recommendation.proposals.all()))
        op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
        drafted.append(recommendation)
    opinion = op.opinion_publish(process=process, actor=lead, now=published_at)
    for i, recommendation in enumerate(drafted):
        _title, _text, _linked, status, reason = RECOMMENDATIONS[i]
        op.recommendation_answer(recommendation=recommendation, actor=lead, status=status,
                                 reason=reason, now=published_at + (10 + 3 * i) * DAY)
    return opinion


def seed(out=None) -> dict:
    """Write and publish the completed process's opinion once; {"opinions": n created}."""
    process = Process.objects.filter(title=TITLE).select_related("community").first()
    if process is None or Opinion.objects.filter(process=process).exists():
        return {"opinions": 0}
    lead = User.objects.get(email=LEAD)
    try:
        with transaction.atomic():
            _write(process, lead, timezone.now())
    except ValidationError as error:  # the demo region is not what this expects
        if out is not None:
            out.write(f"Citizen opinion skipped: {'; '.join(error.messages)}")
        return {"opinions": 0}
    if out is not None:
        out.write(f"Citizen opinion: published on “{TITLE}”, {len(RECOMMENDATIONS)} "
                  "recommendations answered.")
    return {"opinions": 1}
