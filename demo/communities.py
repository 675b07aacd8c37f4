"""A demo region for `manage.py seed_demo`: directions, four communities,
their gardener pairs, ~650 members with a plausible history, and one account
per role to log in with.

Idempotent: every object has a stable key (slug, e-mail, group name) and is
only created when missing, so a second run changes nothing. Names come from
Faker fr_FR seeded per person, and dates from a random generator seeded per
community, so two machines get the same people.

People are built from the factories the tests share (demo/factories/). The
handful of objects that matter to the demo's story (pairs, the demo
accounts' memberships, pending requests) go through the services, so they
carry the same history a real click would. The crowd of generated members is
bulk-inserted for speed (demo/crowd.py).
"""

from dataclasses import dataclass, field
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.sites.models import Site
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site as WagtailSite

from communities import services
from communities.models import Circle, CircleChange, CircleRequest, Community, Direction, Membership
from roles import selectors as pairs
from roles import services as pair_services

from .communities_data import (
    COMMUNITIES,
    COORDINATION,
    DEMO_ACCOUNTS,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    DIRECTIONS,
    EDITORS_GROUP,
    ENVIRONMENT,
    FOLLOWERS,
    INSTITUTION,
)
from .crowd import crowd
from .factories import UserFactory

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "Summary", "seed"]


@dataclass
class Summary:
    created: dict = field(default_factory=dict)
    communities: list = field(default_factory=list)

    def count(self, what, n=1):
        if n:
            self.created[what] = self.created.get(what, 0) + n


User = get_user_model()


@transaction.atomic
def seed() -> Summary:
    summary = Summary()
    now = timezone.now()
    _site(summary)
    # One hash for every demo account: hashing is deliberately slow, and the
    # shared password is public anyway.
    password = make_password(DEMO_PASSWORD)
    accounts = {a["email"].split("@")[0]: _demo_account(a, password, summary) for a in DEMO_ACCOUNTS}
    directions = {d["slug"]: _direction(d, summary) for d in DIRECTIONS}
    _roles(accounts, directions, summary)
    for spec in COMMUNITIES:
        community = _community(spec, directions, summary)
        pair = _pair(spec, community, directions, accounts, password, summary, now)
        crowd(spec, community, pair, summary, now)
        if spec["slug"] == "biodiversite":
            _showcase_members(community, accounts, summary, now)
        _followers(community, accounts, summary, now)
    for spec in COMMUNITIES:
        community = Community.objects.get(slug=spec["slug"])
        by_circle = dict(
            Membership.objects.filter(community=community)
            .values_list("circle")
            .annotate(n=Count("id"))
            .order_by()
        )
        summary.communities.append(
            {
                "name": community.name,
                "engaged": by_circle.get(Circle.ENGAGED, 0),
                "informed": by_circle.get(Circle.INFORMED, 0),
                "citizens": by_circle.get(Circle.CITIZENS, 0),
                "pending": CircleRequest.objects.filter(
                    community=community, status=CircleRequest.Status.PENDING
                ).count(),
            }
        )
    return summary


# --- Site, accounts, directions -------------------------------------------------


def _site(summary):
    Site.objects.update_or_create(pk=1, defaults={"domain": "127.0.0.1:8000", "name": "Terreau"})
    # The institution running this platform is named on the Wagtail site,
    # unless someone already named it.
    WagtailSite.objects.filter(is_default_site=True).filter(
        Q(site_name="") | Q(site_name__isnull=True)
    ).update(site_name=INSTITUTION)


def _user(*, email, display_name, organisation, password, summary, **extra):
    """The account with this address, created when missing, its address verified."""
    if not User.objects.filter(email=email).exists():
        summary.count("accounts")
    return UserFactory(
        email=email,
        display_name=display_name,
        organisation=organisation,
        # Already hashed, once for every demo account.
        password=factory.Transformer.Force(password),
        preferred_language="fr",
        **extra,
    )


def _demo_account(spec, password, summary):
    extra = {}
    if spec["email"].startswith("admin@"):
        extra = {"is_staff": True, "is_superuser": True}
    return _user(
        email=spec["email"],
        display_name=spec["display_name"],
        organisation=spec["organisation"],
        password=password,
        summary=summary,
        **extra,
    )


def _direction(spec, summary):
    direction = Direction.objects.filter(slug=spec["slug"]).first()
    if direction is None:
        direction = Direction(slug=spec["slug"])
        summary.count("directions")
        direction = services.direction_save(
            direction=direction,
            name=spec["name"],
            description=spec["description"],
            is_coordinating=spec.get("is_coordinating", False),
        )
    return direction


def _roles(accounts, directions, summary):
    directions[COORDINATION].staff.add(accounts["cultivateur"])
    directions[ENVIRONMENT].staff.add(accounts["jardiniere.region"], accounts["redaction"])
    group, created = Group.objects.get_or_create(name=EDITORS_GROUP)
    if created:
        summary.count("groups")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    accounts["redaction"].groups.add(group)


# --- Communities and their pairs --------------------------------------------------


def _community(spec, directions, summary):
    community = Community.objects.filter(slug=spec["slug"]).first()
    if community is None:
        community = services.community_create(
            name=spec["name"],
            slug=spec["slug"],
            description=spec["description"],
            territory=spec["territory"],
            direction=directions[spec["direction"]],
            themes=spec["themes"],
            how_to_join=spec["how_to_join"],
        )
        Community.objects.filter(pk=community.pk).update(
            created_at=timezone.now() - timedelta(days=400)
        )
        summary.count("communities")
    return community


def _pair(spec, community, directions, accounts, password, summary, now):
    pair = pairs.active_pair(community)
    if pair is not None:
        return pair
    direction = directions[spec["direction"]]
    if spec["slug"] == "biodiversite":
        territory, institution = accounts["jardinier.territoire"], accounts["jardiniere.region"]
    else:
        territory = _named_user(spec["territory_gardener"], spec["code"], "territoire", password, summary)
        institution = _named_user(spec["institution_gardener"], spec["code"], "region", password, summary)
        direction.staff.add(institution)
    pair = pair_services.pair_appoint(
        community=community,
        territory_gardener=territory,
        institution_gardener=institution,
        direction=direction,
        actor=accounts["cultivateur"],
    )
    pairs.active_pairs(community=community).update(started_at=now - timedelta(days=380))
    summary.count("gardener pairs")
    # Gardeners belong to the community they tend, in its core.
    for gardener in (territory, institution):
        _member_through_services(
            community, gardener, Circle.ENGAGED, actor=accounts["cultivateur"],
            reason="Jardinier·e de la communauté.", summary=summary,
            since=now - timedelta(days=380),
        )
    return pair


def _named_user(name_and_org, code, role, password, summary):
    name, organisation = name_and_org
    email = f"{slugify(name).replace('-', '.')}.{code}@{DEMO_DOMAIN}"
    return _user(
        email=email, display_name=name, organisation=organisation, password=password,
        summary=summary,
    )


def _member_through_services(community, user, circle, *, actor, reason, summary, since):
    if Membership.objects.filter(community=community, user=user).exists():
        return
    services.membership_join(community=community, user=user)
    if circle != Circle.CITIZENS:
        services.membership_move(
            community=community, user=user, actor=actor, to_circle=circle, reason=reason
        )
    # The services stamp everything "now"; the demo tells an older story.
    Membership.objects.filter(community=community, user=user).update(joined_at=since)
    changes = CircleChange.objects.filter(community=community, user=user).order_by("id")
    for i, change in enumerate(changes):
        CircleChange.objects.filter(pk=change.pk).update(created_at=since + timedelta(days=30 * i))
    summary.count("memberships")


def _showcase_members(community, accounts, summary, now):
    gardener = accounts["jardinier.territoire"]
    for key, circle, months in (
        ("engage", Circle.ENGAGED, 10),
        ("informe", Circle.INFORMED, 6),
        ("citoyen", Circle.CITIZENS, 2),
    ):
        _member_through_services(
            community, accounts[key], circle, actor=gardener,
            reason="Membre actif des sorties de terrain.", summary=summary,
            since=now - timedelta(days=30 * months),
        )




def _followers(community, accounts, summary, now):
    gardener = accounts["cultivateur"]
    for key, slugs in FOLLOWERS.items():
        if community.slug in slugs:
            _member_through_services(
                community, accounts[key], Circle.CITIZENS, actor=gardener, reason="",
                summary=summary, since=now - timedelta(days=200 + 20 * slugs.index(community.slug)),
            )
