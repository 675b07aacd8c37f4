"""The citizen councils part of `manage.py seed_demo`: a council with a past
draw and its public report.

The "Conseil citoyen de Bagatelle" (Toulouse, a priority neighbourhood) of
the Direction de la Citoyenneté: two colleges (residents, 8 seats; local
associations and actors, 4), a pool of 120 volunteers imported as an agent
would (a CSV through `councils.services.candidates_import`), a draw of 8
residents announced six weeks ago with its seed (a lottery result) fixed two
days later and run then, and three associations' delegates named by choice.
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

from communities.models import Direction
from councils import services
from councils.models import Council

from .communities_data import CITIZENSHIP

SLUG = "bagatelle"
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
        for name in ("Régie de quartier Bagatelle", "Association des Parents d'élèves Papus",
                     "Centre social La Faourette"):
            services.member_appoint(college=associations, name=name,
                                    now=now - dt.timedelta(days=45))
    if out is not None:
        out.write("Citizen council: Bagatelle, 120 volunteers, a draw of 8 with its report.")
    return {"councils": 1}
