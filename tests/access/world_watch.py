"""The watch's part of the access world (tests/access/world.py): an outside
funding call shared by the cultivator (an agent of the coordinating direction)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from calls.watch import services as watch


def build_watch(people, o) -> dict:
    outside = watch.outside_call_post(
        poster=people["cultivator"], title="Fonds régional alimentation",
        funder="Région Occitanie", url="https://www.laregion.fr/appel",
        deadline=timezone.localdate() + dt.timedelta(days=30), themes=["fonds européens"],
        territory="")
    return {"outside_call": outside.pk}
