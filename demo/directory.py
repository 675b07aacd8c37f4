"""The directory part of `manage.py seed_demo`: directories that look lived in.

About 60% of each community's members are listed, with a territory (a real
commune of the community's area, demo/places.py) and, for two in three of
them, a location near that commune's town hall, as a member clicking on the
map would give. No two pins of the demo share a spot, in any community: each
takes the free spot nearest to its commune's centre, on rings about 600 m
apart. A third of them show their e-mail address. The demo account engage@
is listed in every community it belongs to; informe@ and citoyen@ are not,
so they can try listing themselves, and neither are the staff accounts that
follow a community.

Everything goes through `directory.services` (rounding, membership check,
consents). Idempotent: a member already listed is left as they are, so a
second run creates nothing.

Run after demo.communities.seed() (it needs the communities and members).
"""

from __future__ import annotations

from django.db import transaction

from communities.models import Community, Membership
from directory import services
from directory.models import DirectoryEntry

from .places import communes_of, free_spot

LISTED_DEMO_ACCOUNT = "engage@"
UNLISTED_DEMO_ACCOUNTS = ("informe@", "citoyen@", "cultivateur@", "redaction@", "admin@")


def _wanted(index: int, email: str) -> bool:
    if email.startswith(LISTED_DEMO_ACCOUNT):
        return True
    if email.startswith(UNLISTED_DEMO_ACCOUNTS):
        return False
    return index % 5 in (0, 1, 3)  # three in five


def seed(out=None) -> dict:
    """List the demo members who are missing; return {"entries": n created}."""
    created = 0
    with transaction.atomic():
        taken = set(
            DirectoryEntry.objects.exclude(latitude=None).values_list("latitude", "longitude")
        )
        for community in Community.objects.order_by("pk"):
            communes = communes_of(community.slug)
            listed = set(
                DirectoryEntry.objects.filter(community=community).values_list("user_id", flat=True)
            )
            members = (
                Membership.objects.filter(community=community)
                .select_related("user")
                .order_by("user_id")
            )
            for index, membership in enumerate(members):
                user = membership.user
                if user.pk in listed or not _wanted(index, user.email):
                    continue
                commune = communes[(index * 7 // 5) % len(communes)]
                latitude = longitude = None
                if index % 3 != 2:  # two in three show where they act
                    latitude, longitude = free_spot(commune, taken)
                services.entry_save(
                    community=community,
                    user=user,
                    territory=commune,
                    latitude=latitude,
                    longitude=longitude,
                    show_email=index % 3 == 0,
                )
                created += 1
    if out is not None:
        if created:
            out.write(f"Directory: listed {created} members.")
        else:
            out.write("Directory: already there, nothing to add.")
    return {"entries": created}
