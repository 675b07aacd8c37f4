"""Demo working groups for `manage.py seed_demo`, made through the services.

Idempotent: a group is known by its community and name; an existing one is
left as it is. Run after demo.communities.seed() (the pairs and the engaged
members must exist).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from communities.models import Circle, Community, Membership
from roles import selectors as pairs
from workgroups import services
from workgroups.models import WorkingGroup

DEMO_ENGAGED = "engage@demo.terreau.fr"

GROUPS = {
    "biodiversite": [
        {
            "name": "Semences paysannes",
            "issue": "L'accès aux semences locales et reproductibles",
            "goal": "Organiser une bourse aux semences au printemps et un grainier partagé "
                    "dans deux médiathèques du territoire.",
            "ends_in_days": 180,
            "members": 4,
            "decisions": [
                (21, ("La bourse aura lieu en avril à la médiathèque ; chaque association "
                     "tient une table.")),
                (7, "Le grainier partagé commence avec les variétés de tomates et de haricots."),
            ],
        },
        {
            "name": "Haies et mares",
            "issue": "Le recul des haies bocagères",
            "goal": "Recenser les haies à replanter avec les agriculteurs volontaires et "
                    "préparer un chantier participatif.",
            "ends_in_days": None,
            "members": 3,
            "decisions": [(10, "Le recensement se fait commune par commune, en binôme.")],
        },
    ],
    "alimentation-durable": [
        {
            "name": "Cantines locales",
            "issue": "La part des produits locaux dans la restauration collective",
            "goal": "Mettre en relation trois cantines scolaires avec des producteurs voisins.",
            "ends_in_days": 365,
            "members": 3,
            "decisions": [(5, "On commence par les légumes de saison dans deux collèges.")],
        },
    ],
}


def seed(out=None) -> dict:
    """Create the demo groups that are missing; return how many things were created."""
    created = {"groups": 0, "members": 0, "decisions": 0}
    today = timezone.localdate()
    with transaction.atomic():
        for slug, specs in GROUPS.items():
            community = Community.objects.filter(slug=slug).first()
            pair = pairs.active_pair(community)
            if community is None or pair is None:
                continue
            gardener = pair.territory_gardener or pair.institution_gardener
            engaged = [
                m.user
                for m in Membership.objects.filter(community=community, circle=Circle.ENGAGED)
                .select_related("user")
                .order_by("joined_at", "pk")
            ]
            # The demo's engaged account first, so that it sees a group and its channel.
            engaged.sort(key=lambda user: user.email != DEMO_ENGAGED)
            for spec in specs:
                if WorkingGroup.objects.filter(community=community, name=spec["name"]).exists():
                    continue
                ends = spec["ends_in_days"]
                group = services.group_create(
                    community=community, actor=gardener, name=spec["name"], goal=spec["goal"],
                    issue=spec["issue"],
                    ends_on=today + dt.timedelta(days=ends) if ends else None,
                )
                created["groups"] += 1
                members = engaged[: spec["members"]]
                for user in members:
                    services.member_add(group=group, user=user, actor=gardener)
                    created["members"] += 1
                for days_ago, text in spec["decisions"]:
                    services.decision_record(
                        group=group, actor=members[0] if members else gardener, text=text,
                        decided_on=today - dt.timedelta(days=days_ago),
                    )
                    created["decisions"] += 1
    if out is not None:
        if created["groups"]:
            out.write(
                f"Working groups: created {created['groups']} groups, {created['members']} "
                f"memberships and {created['decisions']} decisions."
            )
        else:
            out.write("Working groups: already there, nothing to add.")
    return created
