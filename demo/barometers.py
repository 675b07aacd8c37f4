"""The barometer part of `manage.py seed_demo`: the "Baromètre des
habitants" of the priority neighbourhood Bagatelle – La Faourette – Papus
(Toulouse), the residents' barometer of the city contract (perception of the
living conditions, of the public services, of the neighbourhood's image).

Two closed waves, a spring and an autumn one, asked of the neighbourhood's
territory, with questionnaires collected at the door and entered by the
interviewers (barometers.services.responses_import), free text partly
approved, results published: the comparison page draws their lines.
Idempotent: a barometer already there is left as it is. Run after
demo.communities.seed() (it needs the directions).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from barometers import services
from barometers.models import Answer, Barometer, Question, Wave
from communities.models import Direction

from .communities_data import CITIZENSHIP

SLUG = "barometre-des-habitants"
TERRITORY = "Toulouse, quartier prioritaire Bagatelle – La Faourette – Papus"
SERVICES = ["Médiathèque", "Maison de santé", "Mairie annexe", "Centre social"]
IDEAS = ["Plus de bancs et d'ombre sur la place", "Un éclairage dans l'allée des Papus",
         "Des horaires du centre social le samedi", "Nettoyer plus souvent les pieds d'immeubles",
         "Un marché le dimanche matin", "Des jeux pour les petits près de l'école"]


def _questions(wave):
    services.question_add(wave=wave, kind=Question.Kind.SCALE, code="cadre-de-vie",
                          text="Comment jugez-vous votre cadre de vie dans le quartier ?",
                          required=True)
    services.question_add(wave=wave, kind=Question.Kind.SCALE, code="service-rendu",
                          text="Comment jugez-vous la qualité des services publics du quartier ?",
                          required=True)
    services.question_add(wave=wave, kind=Question.Kind.SINGLE, code="image",
                          text="L'image du quartier s'est-elle améliorée cette année ?",
                          choices=["Oui", "Non", "Ne sait pas"])
    services.question_add(wave=wave, kind=Question.Kind.MULTIPLE, code="services-utilises",
                          text="Quels services utilisez-vous ?", choices=SERVICES)
    services.question_add(wave=wave, kind=Question.Kind.TEXT, code="idee",
                          text="Une idée pour le quartier ?")


def _rows(wave, rng, count, mood):
    """`count` questionnaires; `mood` shifts the scales (the autumn is better)."""
    q = {x.code: x.field_name for x in wave.questions.all()}
    rows = []
    for _ in range(count):
        rows.append({
            q["cadre-de-vie"]: [str(min(5, max(1, round(rng.gauss(2.8 + mood, 1)))))],
            q["service-rendu"]: [str(min(5, max(1, round(rng.gauss(3.0 + mood / 2, 1)))))],
            q["image"]: [str(rng.choices([0, 1, 2], weights=[30 + 30 * mood, 50, 20])[0])],
            q["services-utilises"]: [str(i) for i in range(len(SERVICES)) if rng.random() < 0.4],
            q["idee"]: [rng.choice(IDEAS)] if rng.random() < 0.3 else [],
        })
    return rows


def _wave(barometer, title, opens, closes, rng, count, mood):
    wave = services.wave_create(barometer=barometer, title=title, opens_at=opens,
                                closes_at=closes, target=Wave.Target.TERRITORY,
                                territory=TERRITORY)
    _questions(wave)
    services.wave_launch(wave=wave, now=opens)
    services.responses_import(wave=wave, rows=_rows(wave, rng, count, mood))
    for n, answer in enumerate(Answer.objects.filter(question__wave=wave).exclude(text="")
                               .order_by("text", "pk")):
        services.answer_moderate(answer=answer, status=Answer.Status.APPROVED if n % 4
                                 else Answer.Status.HIDDEN)
    services.results_publish(wave=wave)
    return wave


def seed(out=None) -> dict:
    """Create the demo barometer once; return {"barometers": n created}."""
    if Barometer.objects.filter(slug=SLUG).exists():
        return {"barometers": 0}
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rng = random.Random(2015)
    with transaction.atomic():
        barometer = services.barometer_create(
            name="Baromètre des habitants", slug=SLUG,
            direction=Direction.objects.get(slug=CITIZENSHIP),
            description=("Deux fois par an, les habitantes et habitants de Bagatelle, La "
                         "Faourette et Papus disent comment ils perçoivent leur cadre de vie, "
                         "la qualité du service rendu et l'image du quartier. Les réponses "
                         "sont anonymes."))
        _wave(barometer, "Printemps", now - dt.timedelta(days=230), now - dt.timedelta(days=200),
              rng, 64, 0)
        _wave(barometer, "Automne", now - dt.timedelta(days=60), now - dt.timedelta(days=30),
              rng, 71, 0.5)
    if out is not None:
        out.write("Barometer: « Baromètre des habitants », two waves with their results.")
    return {"barometers": 1}
