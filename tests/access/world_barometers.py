"""The access matrix's objects of barometer surveys: a barometer of the
world's direction with an open public wave, an open wave asking the
community's informed circle, and a closed wave with published results."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from barometers import services
from barometers.models import Question, Wave
from communities.models import Circle


def _wave(barometer, title, opens, closes, **target):
    wave = services.wave_create(barometer=barometer, title=title, opens_at=opens,
                                closes_at=closes, **target)
    services.question_add(wave=wave, kind=Question.Kind.SCALE, code="cadre",
                          text="Cadre de vie ?", required=True)
    services.question_add(wave=wave, kind=Question.Kind.TEXT, code="idee", text="Une idée ?")
    services.wave_launch(wave=wave, now=opens)
    return wave


def build_barometers(people, o) -> dict:
    now = timezone.now()
    barometer = services.barometer_create(name="Baromètre", slug="barometre",
                                          direction=o["direction"])
    closed = _wave(barometer, "Automne", now - dt.timedelta(days=60),
                   now - dt.timedelta(days=30))
    for n, value in enumerate(("4", "2")):
        data = {q.field_name: [value] if q.kind == "scale" else ["Plus de bancs"]
                for q in closed.questions.all()}
        services.response_submit(wave=closed, data=data, user=AnonymousUser(),
                                 device_token=f"device-{n}", now=closed.opens_at)
    services.results_publish(wave=closed)
    public = _wave(barometer, "Printemps", now - dt.timedelta(days=1), now + dt.timedelta(days=9))
    circle = _wave(barometer, "Cercle", now - dt.timedelta(days=1), now + dt.timedelta(days=9),
                   target=Wave.Target.COMMUNITY, community=o["community"],
                   min_circle=Circle.INFORMED)
    return {"barometer": barometer.slug, "public_wave": public.pk, "circle_wave": circle.pk,
            "closed_wave": closed.pk,
            "public_question": public.questions.order_by("order").first().pk,
            "public_text_question": public.questions.get(code="idee").pk,
            "closed_text_question": closed.questions.get(code="idee").pk}
