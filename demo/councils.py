"""The citizen councils part of `manage.py seed_demo`: a council with a past
draw and its public report.

The "Conseil citoyen de Bagatelle" (Toulouse, a priority neighbourhood) of
the Direction de la Citoyenneté: two colleges (residents, 8 seats; local
associations and actors, 4), a pool of 120 volunteers imported as an agent
would (a CSV through `councils.services.candidates_import`), a draw of 8
residents announced six weeks ago with its seed (a lottery result) fixed two
days later and run then, and three associations' delegates named by choice
(members of the "Citoyenneté active" community, with their accounts). Its
channel is open in that community with a few messages of the delegates; it
has a past session with public minutes and one in three weeks.
Everything goes through the services, dated back; the 8 drawn get their
e-mail in the outbox.

Idempotent: a council already there is left as it is. Run after
demo.communities.seed() (it needs the directions).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from django.db import transaction
from django.utils import timezone

from communities.models import Circle, Community, Direction, Membership
from councils import services
from councils.models import Council
from discussions import services as discussions
from events.models import Event

from .communities_data import CITIZENSHIP

SLUG = "bagatelle"
COMMUNITY = "citoyennete-active"
DELEGATES = ("Régie de quartier Bagatelle", "Association des Parents d'élèves Papus",
             "Centre social La Faourette")
MESSAGES = (
    ("Bonjour à toutes et à tous ! Je propose qu'on prépare la séance de la semaine prochaine "
     "ici : qui veut porter le point sur le budget participatif ?"),
    "Je peux présenter les trois projets déposés par les habitants de Papus.",
    ("Merci ! Pensez aussi à la question des horaires du centre social, plusieurs habitants "
     "nous en ont parlé."),
    "Le compte rendu de la dernière séance est en ligne sur la page du conseil.",
)
SUB_AREAS = ["Bagatelle", "La Faourette", "Papus", "Tabar", "Bordelongue"]
FIRST = ["Aïcha", "Karim", "Lucie", "Mathieu", "Fatou", "Yanis", "Chantal", "Bernard", "Inès",
         "Thomas", "Nadia", "Hugo", "Salomé", "Mohamed", "Élodie", "Julien", "Samira", "Paul",
         "Awa", "Louis"]
LAST = ["Benali", "Garcia", "Martin", "Diallo", "Bernard", "Mercier", "Nguyen", "Roux",
        "Haddad", "Fabre", "Lopez", "Traoré", "Durand", "Cazals", "Moreau", "Sanchez"]
QUOTAS = {
    "gender": {"woman": [4, 4], "man": [3, 4]},
    "age_band": {"16-29": [1, 3], "30-44": [1, 3], "45-59": [1, 3], "60+": [1, 3]},
    "sub_area": {area: [1, 2] for area in SUB_AREAS},
}


def _pool_csv() -> str:
    rng = random.Random(2026)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "territory", "age_band", "gender", "sub_area"])
    for n in range(120):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        gender = rng.choices(["woman", "man", "other"], weights=[52, 46, 2])[0]
        writer.writerow([
            f"{first} {last}", f"habitant{n:03d}@bagatelle.demo.terreau.fr",
            f"Toulouse, {rng.choice(SUB_AREAS)}", rng.choice(["16-29", "30-44", "45-59", "60+"]),
            gender, rng.choice(SUB_AREAS),
        ])
    return out.getvalue()


def seed(out=None) -> dict:
    """Create the demo council once; return {"councils": n created}."""
    if Council.objects.filter(slug=SLUG).exists():
        return {"councils": 0}
    now = timezone.now()
    with transaction.atomic():
        council = services.council_create(
            name="Conseil citoyen de Bagatelle", slug=SLUG,
            territory="Toulouse, quartier prioritaire Bagatelle – La Faourette – Papus",
            direction=Direction.objects.get(slug=CITIZENSHIP),
            term_start=(now - dt.timedelta(days=60)).date(),
            term_end=(now + dt.timedelta(days=3 * 365)).date(),
            colleges=[("Habitantes et habitants", 8), ("Associations et acteurs locaux", 4)],
            sub_areas=SUB_AREAS,
            description=(
                "Le conseil citoyen du quartier : des habitantes et habitants tirés au sort "
                "parmi les volontaires, et des associations du quartier. Il siège aux "
                "instances de pilotage du contrat de ville."
            ),
        )
        residents, associations = council.colleges.all()
        services.candidates_import(council=council, data=_pool_csv(), consent_confirmed=True,
                                   now=now - dt.timedelta(days=50))
        draw = services.draw_announce(
            college=residents, seats=8, quotas=QUOTAS,
            seed_source="Les cinq numéros du Loto du lundi suivant l'annonce",
            now=now - dt.timedelta(days=42),
        )
        draw = services.draw_fix_seed(draw=draw, seed="7 19 23 38 44 - 5",
                                      now=now - dt.timedelta(days=40))
        services.draw_run(draw=draw, now=now - dt.timedelta(days=40))
        community = Community.objects.filter(slug=COMMUNITY).first()
        delegates = _delegates(community)
        for n, name in enumerate(DELEGATES):
            user = delegates[n] if n < len(delegates) else None
            services.member_appoint(
                college=associations, name=f"{user} ({name})" if user else name, user=user,
                now=now - dt.timedelta(days=45))
        agent = council.direction.staff.order_by("pk").first()
        if agent is not None:
            _sessions(council, agent, now)
        if community is not None:
            _channel(council, community, agent, delegates)
    if out is not None:
        out.write("Citizen council: Bagatelle, 120 volunteers, a draw of 8 with its report, "
                  "two sessions and its channel.")
    return {"councils": 1}


def _delegates(community) -> list:
    """Three members of the community, the associations' delegates."""
    if community is None:
        return []
    return [m.user for m in Membership.objects.filter(
        community=community, circle__gte=Circle.CITIZENS).select_related("user")
        .exclude(user__email__startswith="jardin").order_by("pk")[:3]]


def _sessions(council, agent, now) -> None:
    """A session that took place five weeks ago, with public minutes, and one
    in three weeks. Scheduled ahead as an agent would, then dated back."""
    past = services.session_schedule(
        council=council, organiser=agent, title="Séance d'installation du conseil citoyen",
        starts_at=now + dt.timedelta(days=1), ends_at=now + dt.timedelta(days=1, hours=2),
        address="Maison de quartier de Bagatelle, 11 rue Paul Lambert, Toulouse",
        agenda="1. Présentation des membres tirés au sort et des associations\n"
               "2. Règlement intérieur\n3. Calendrier de l'année",
    )
    start = (now - dt.timedelta(days=35)).replace(hour=16, minute=30, second=0, microsecond=0)
    Event.objects.filter(pk=past.event_id).update(starts_at=start,
                                                  ends_at=start + dt.timedelta(hours=2))
    services.session_minutes(
        session=past, public=True, now=start + dt.timedelta(hours=3),
        minutes="Présents : 10 membres sur 11.\n"
                "1. Chaque membre s'est présenté ; les trois associations ont désigné leurs "
                "délégués.\n2. Le règlement intérieur est adopté à l'unanimité.\n"
                "3. Quatre séances par an ; la prochaine portera sur le budget participatif.",
    )
    start = (now + dt.timedelta(days=21)).replace(hour=16, minute=30, second=0, microsecond=0)
    services.session_schedule(
        council=council, organiser=agent, title="Séance : le budget participatif du quartier",
        starts_at=start, ends_at=start + dt.timedelta(hours=2),
        address="Centre social La Faourette, Toulouse",
        agenda="1. Les projets déposés par les habitants\n2. Avis du conseil\n"
               "3. Questions diverses",
    )


def _channel(council, community, agent, delegates) -> None:
    council = services.channel_open(council=council, community=community, actor=agent)
    for n, body in enumerate(MESSAGES):
        if delegates:
            discussions.message_post(channel=council.channel,
                                     author=delegates[n % len(delegates)], body=body)
