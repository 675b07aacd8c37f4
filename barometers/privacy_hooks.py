"""What `barometers` holds about a person (see accounts/personal_data.py):
which waves their account has answered — nothing more. Their answers name
no one (docs/barometers.md, "Anonymity"), so they can be neither exported
nor erased as theirs: they stay in the results, anonymous.

Erasing removes the participation rows; the account is being deleted, so it
cannot answer again.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Participation


def export(person) -> dict:
    rows = (Participation.objects.filter(user=person)
            .select_related("wave__barometer").order_by("wave__opens_at", "pk"))
    return {
        "answered": [
            {"barometer": p.wave.barometer.name, "wave": p.wave.title,
             "opens_at": p.wave.opens_at.isoformat()}
            for p in rows
        ],
        "note": gettext("Answers are stored without any link to the person who gave them."),
    }


def erase(person) -> None:
    Participation.objects.filter(user=person).delete()


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="barometers",
            title=_("Barometer surveys"),
            export=export,
            erase=erase,
            covers=(
                "barometers.Participation.user",
            ),
            processings=(
                personal_data.Processing(
                    name=_("Who has answered a barometer survey"),
                    data=_("That your account has answered a wave of a survey (not your "
                           "answers, which are stored without any link to you)."),
                    purpose=_("Count one answer per person."),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_("Until your account is deleted."),
                ),
            ),
        )
    )
