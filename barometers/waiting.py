"""The open waves a signed-in person is asked and has not answered yet, on
their dashboard (communities/waiting.py): the action of the
`barometer_wave_opened` notification. One query."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext

from communities import waiting
from communities.models import Membership
from councils.models import Member

from .models import Participation, Wave


def open_waves(user) -> list[waiting.Item]:
    now = timezone.now()
    memberships = Membership.objects.filter(user=user)
    asked = (
        Q(target=Wave.Target.COMMUNITY) & Exists(memberships.filter(
            community=OuterRef("community"), circle__gte=OuterRef("min_circle")))
        | Q(target=Wave.Target.TERRITORY) & Exists(memberships.filter(
            community__territory__iexact=OuterRef("territory")))
        | Q(target=Wave.Target.COUNCIL) & Exists(Member.objects.filter(
            user=user, ended_at__isnull=True, council=OuterRef("council")))
    )
    waves = (Wave.objects.filter(asked, launched_at__isnull=False, opens_at__lte=now,
                                 closes_at__gt=now)
             .exclude(Exists(Participation.objects.filter(wave=OuterRef("pk"), user=user)))
             .select_related("barometer").order_by("closes_at")[:waiting.LIMIT])
    return [
        waiting.Item(
            text=gettext("Answer the survey “%(barometer)s” (%(wave)s)")
            % {"barometer": wave.barometer.name, "wave": wave.title},
            url=wave.get_absolute_url(),
        )
        for wave in waves
    ]


def register() -> None:
    waiting.register(waiting.Source("barometer_waves", ("barometer_wave_opened",), open_waves))
