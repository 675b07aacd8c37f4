"""The directory part of `manage.py seed_demo`: directories that look lived in.

About 60% of each community's members are listed, with a territory (a
commune or a neighbourhood around a plausible city of the community's area)
and, for two in three of them, a location near that place, as a member
clicking on the map would give. A third of them show their e-mail address.
The demo account engage@ is listed in every community it belongs to;
informe@ and citoyen@ are not, so they can try listing themselves.

Everything goes through `directory.services` (rounding, membership check).
Idempotent: a member already listed is left as they are, so a second run
creates nothing.

Run after communities.demo.seed() (it needs the communities and members).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from communities.models import Community, Membership

from . import services
from .models import DirectoryEntry

# (territory, latitude, longitude) per demo community; others use Toulouse's.
PLACES = {
    "biodiversite": [
        ("Foix", "42.965", "1.607"),
        ("Pamiers", "43.116", "1.611"),
        ("Saint-Girons", "42.985", "1.147"),
        ("Tarascon-sur-Ariège", "42.845", "1.605"),
        ("Lavelanet", "42.931", "1.848"),
    ],
    "alimentation-durable": [
        ("Montpellier — Écusson", "43.611", "3.877"),
        ("Lattes", "43.567", "3.901"),
        ("Castelnau-le-Lez", "43.633", "3.902"),
        ("Béziers", "43.344", "3.216"),
        ("Auch", "43.646", "0.586"),
    ],
    "mobilites": [
        ("Nîmes", "43.837", "4.360"),
        ("Albi", "43.929", "2.148"),
        ("Rodez", "44.350", "2.575"),
        ("Montpellier — Antigone", "43.608", "3.888"),
        ("Castres", "43.606", "2.241"),
    ],
}
TOULOUSE = [
    ("Toulouse — Capitole", "43.604", "1.444"),
    ("Toulouse — Mirail", "43.574", "1.401"),
    ("Toulouse — Minimes", "43.621", "1.434"),
    ("Toulouse — Saint-Cyprien", "43.598", "1.431"),
    ("Blagnac", "43.637", "1.390"),
]
LISTED_DEMO_ACCOUNT = "engage@"
UNLISTED_DEMO_ACCOUNTS = ("informe@", "citoyen@")


def _wanted(index: int, email: str) -> bool:
    if email.startswith(LISTED_DEMO_ACCOUNT):
        return True
    if email.startswith(UNLISTED_DEMO_ACCOUNTS):
        return False
    return index % 5 in (0, 1, 3)  # three in five


def _near(value: str, index: int, spread: int) -> Decimal:
    """A fixed small offset (up to ~2 km), so people of one place do not overlap."""
    step = (index * 37 + spread) % 21 - 10
    return Decimal(value) + Decimal(step) * Decimal("0.002")


def seed(out=None) -> dict:
    """List the demo members who are missing; return {"entries": n created}."""
    created = 0
    with transaction.atomic():
        for community in Community.objects.order_by("pk"):
            places = PLACES.get(community.slug, TOULOUSE)
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
                territory, lat, lng = places[index % len(places)]
                located = index % 3 != 2
                services.entry_save(
                    community=community,
                    user=user,
                    territory=territory,
                    latitude=_near(lat, index, 3) if located else None,
                    longitude=_near(lng, index, 11) if located else None,
                    show_email=index % 3 == 0,
                )
                created += 1
    if out is not None:
        if created:
            out.write(f"Directory: listed {created} members.")
        else:
            out.write("Directory: already there, nothing to add.")
    return {"entries": created}
