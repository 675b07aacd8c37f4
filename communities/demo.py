"""A demo region for `manage.py seed_demo`: directions, four communities,
their gardener pairs, ~650 members with a plausible history, and one account
per role to log in with.

Idempotent: every object has a stable key (slug, e-mail, group name) and is
only created when missing, so a second run changes nothing. Names come from
Faker fr_FR seeded per person, and dates from a random generator seeded per
community, so two machines get the same people.

The handful of objects that matter to the demo's story (pairs, the demo
accounts' memberships, pending requests) go through the services, so they
carry the same history a real click would. The crowd of generated members is
bulk-inserted for speed, with a history written to match: going through the
services one member at a time would take a minute instead of a second.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.sites.models import Site
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from gardeners import services as gardener_services
from gardeners.models import GardenerPair

from . import services
from .models import Circle, CircleChange, CircleRequest, Community, Direction, Membership

DEMO_PASSWORD = "terreau-demo"
DEMO_DOMAIN = "demo.terreau.fr"
INSTITUTION = "Région Occitanie"
SEED = 2018  # the year the region's experiment started; any fixed number would do

ENVIRONMENT = "direction-de-lenvironnement"
AGRICULTURE = "direction-de-lagriculture-et-de-lalimentation"
CITIZENSHIP = "direction-de-la-citoyennete-et-de-la-democratie"
COORDINATION = "direction-de-la-coordination-des-communautes"

DIRECTIONS = [
    {
        "slug": ENVIRONMENT,
        "name": "Direction de l'Environnement",
        "description": (
            "Biodiversité, eau, climat et transition écologique : la direction accompagne "
            "les acteurs du territoire qui protègent et restaurent les milieux naturels."
        ),
    },
    {
        "slug": AGRICULTURE,
        "name": "Direction de l'Agriculture et de l'Alimentation",
        "description": (
            "Agriculture, circuits courts et restauration collective : la direction soutient "
            "une alimentation locale, de qualité et accessible à toutes et tous."
        ),
    },
    {
        "slug": CITIZENSHIP,
        "name": "Direction de la Citoyenneté et de la Démocratie",
        "description": (
            "Budget participatif, votations citoyennes et instances de concertation : la "
            "direction fait vivre la Charte régionale de la citoyenneté active."
        ),
    },
    {
        "slug": COORDINATION,
        "name": "Direction de la Coordination des communautés",
        "description": (
            "Le cultivateur : identifie les communautés, met en relation la Région et les "
            "acteurs, accompagne et conseille chaque binôme de jardiniers."
        ),
        "is_coordinating": True,
    },
]

COMMUNITIES = [
    {
        "slug": "biodiversite",
        "code": "bio",
        "name": "Biodiversité",
        "direction": ENVIRONMENT,
        "territory": "Occitanie — Pyrénées et Massif central",
        "themes": ["biodiversité", "zones humides", "sciences participatives", "haies"],
        "description": (
            "Naturalistes amateurs, associations de protection de la nature, agriculteurs, "
            "élus et agents de collectivités qui agissent pour préserver la faune, la flore "
            "et les milieux naturels d'Occitanie. La communauté relie les inventaires "
            "participatifs, les chantiers de plantation de haies et la restauration des "
            "zones humides, et fait remonter à la Région ce qui marche sur le terrain."
        ),
        "how_to_join": (
            "Tout le monde peut rejoindre le cercle des citoyens en un clic : vous recevez "
            "la lettre d'information corédigée et les invitations aux événements. Le cercle "
            "des informé·e·s participe aux échanges et aux sorties de terrain ; le cercle des "
            "engagé·e·s (une vingtaine de personnes) porte les groupes de travail et organise "
            "la rencontre annuelle. Pour vous rapprocher du cœur, écrivez quelques mots aux "
            "jardiniers : ils vous répondent et votre demande reste visible."
        ),
    },
    {
        "slug": "alimentation-durable",
        "code": "ali",
        "name": "Alimentation durable",
        "direction": AGRICULTURE,
        "territory": "Occitanie — Plaine du Languedoc et Gers",
        "themes": ["circuits courts", "restauration collective", "agriculture biologique"],
        "description": (
            "Producteurs, cuisiniers de cantines, épiceries solidaires, projets alimentaires "
            "territoriaux et consommateurs qui veulent une alimentation locale, de saison et "
            "accessible à tous. On y partage des retours d'expérience sur l'approvisionnement "
            "des lycées, la lutte contre le gaspillage et les marchés de producteurs."
        ),
        "how_to_join": (
            "Rejoignez d'abord le cercle des citoyens pour suivre l'actualité et les "
            "événements. Si vous portez une initiative (cantine, épicerie, ferme, "
            "association), demandez à rejoindre le cercle des informé·e·s ou des engagé·e·s "
            "en expliquant votre projet : le binôme de jardiniers vous répond sous quinze jours."
        ),
        "territory_gardener": ("Mélanie Sabatier", "Réseau des épiceries solidaires d'Occitanie"),
        "institution_gardener": ("Pierre Cazals", "Région Occitanie — Direction de l'Agriculture"),
    },
    {
        "slug": "citoyennete-active",
        "code": "cit",
        "name": "Citoyenneté active",
        "direction": CITIZENSHIP,
        "territory": "Occitanie — toute la région",
        "themes": ["démocratie participative", "budget participatif", "éducation populaire"],
        "description": (
            "Collectifs d'habitants, associations d'éducation populaire, conseils citoyens et "
            "agents publics qui font vivre la participation : budgets participatifs, "
            "votations, tirage au sort, débats publics. La communauté expérimente des "
            "dispositifs d'intelligence collective et rend compte de ce que deviennent les "
            "contributions des citoyens."
        ),
        "how_to_join": (
            "Chacun peut entrer dans le cercle des citoyens. Les règles du jeu sont publiques : "
            "toute contribution est lue par le binôme de jardiniers, et la suite qui lui est "
            "donnée est publiée. Pour rejoindre les groupes de travail, demandez le cercle des "
            "engagé·e·s en quelques mots."
        ),
        "territory_gardener": ("Karim Haddad", "Collectif Démocratie en chantier"),
        "institution_gardener": ("Anne Rouquette", "Région Occitanie — Direction de la Citoyenneté"),
    },
    {
        "slug": "mobilites",
        "code": "mob",
        "name": "Mobilités",
        "direction": ENVIRONMENT,
        "territory": "Occitanie — métropoles et territoires ruraux",
        "themes": ["vélo", "covoiturage", "transports en commun", "mobilité rurale"],
        "description": (
            "Associations d'usagers, ateliers vélo, autorités organisatrices, entreprises et "
            "habitants des territoires ruraux qui inventent d'autres façons de se déplacer : "
            "covoiturage de proximité, transport à la demande, véloroutes, lignes de car "
            "express. La communauté nourrit la politique régionale des mobilités de ses "
            "expériences de terrain."
        ),
        "how_to_join": (
            "Rejoignez le cercle des citoyens pour être invité aux ateliers et aux balades "
            "urbaines. Les membres des associations et collectivités qui veulent partager "
            "leurs projets peuvent demander le cercle des informé·e·s ou des engagé·e·s."
        ),
        "territory_gardener": ("Lucie Bonnefoy", "Association Vélo en Occitanie"),
        "institution_gardener": ("Olivier Mas", "Région Occitanie — Direction de l'Environnement"),
    },
]

# One account per role, all with DEMO_PASSWORD. Biodiversité is the demo's
# showcase community: every role can be seen from there.
DEMO_ACCOUNTS = [
    {
        "email": "cultivateur@demo.terreau.fr",
        "display_name": "Mathieu Garrigues",
        "organisation": "Région Occitanie — Coordination des communautés",
        "role": "cultivator",
    },
    {
        "email": "jardinier.territoire@demo.terreau.fr",
        "display_name": "Julien Castan",
        "organisation": "Association Les Semeurs de biodiversité",
        "role": "territory gardener of Biodiversité",
    },
    {
        "email": "jardiniere.region@demo.terreau.fr",
        "display_name": "Sophie Delmas",
        "organisation": "Région Occitanie — Direction de l'Environnement",
        "role": "institution gardener of Biodiversité",
    },
    {
        "email": "engage@demo.terreau.fr",
        "display_name": "Nadia Benali",
        "organisation": "Jardin partagé des Izards",
        "role": "engaged in Biodiversité",
    },
    {
        "email": "informe@demo.terreau.fr",
        "display_name": "Thomas Vidal",
        "organisation": "Club CPN de Rodez",
        "role": "informed in Biodiversité",
    },
    {
        "email": "citoyen@demo.terreau.fr",
        "display_name": "Léa Marty",
        "organisation": "",
        "role": "citizen in Biodiversité",
    },
    {
        "email": "redaction@demo.terreau.fr",
        "display_name": "Isabelle Pujol",
        "organisation": "Région Occitanie — Direction de l'Environnement",
        "role": "news editor, Direction de l'Environnement",
    },
    {
        "email": "admin@demo.terreau.fr",
        "display_name": "Administration Terreau",
        "organisation": INSTITUTION,
        "role": "site administrator",
    },
]

EDITORS_GROUP = "Éditeurs — Direction de l'Environnement"

# How many generated members each community gets, by fate.
CROWD = {"engaged": 18, "informed": 38, "citizens": 98, "left": 6, "removed": 2}
PENDING_REQUESTS = 4

TOWNS = [
    "Toulouse", "Montpellier", "Nîmes", "Perpignan", "Béziers", "Albi", "Carcassonne",
    "Tarbes", "Rodez", "Cahors", "Auch", "Montauban", "Foix", "Mende", "Castres", "Sète",
    "Narbonne", "Millau", "Figeac", "Lodève", "Pamiers", "Lourdes", "Alès", "Lunel",
]
ORGANISATIONS = {
    "bio": [
        "CPIE de {town}", "Club naturaliste de {town}", "Mairie de {town}",
        "Conservatoire d'espaces naturels", "Association Haies vives de {town}",
        "Parc naturel régional des Grands Causses", "Lycée agricole de {town}",
        "Fédération de pêche du Tarn", "Syndicat de rivière de {town}",
    ],
    "ali": [
        "Cantine du lycée de {town}", "Ferme des Trois Chênes", "AMAP de {town}",
        "Épicerie solidaire de {town}", "Projet alimentaire territorial de {town}",
        "Marché de producteurs de {town}", "Coopérative bio du Gers", "Mairie de {town}",
    ],
    "cit": [
        "Conseil citoyen de {town}", "Maison des associations de {town}",
        "Centre social de {town}", "Mairie de {town}", "Fédération des MJC d'Occitanie",
        "Collectif Habitants en action", "Université populaire de {town}",
    ],
    "mob": [
        "Atelier vélo de {town}", "Association des usagers du train", "Mairie de {town}",
        "Covoiturage rural de {town}", "Communauté de communes de {town}",
        "Syndicat mixte des transports de {town}", "Vélo-école de {town}",
    ],
}
REQUEST_MESSAGES = [
    "Je participe aux chantiers depuis plusieurs mois et j'aimerais aider à organiser le prochain.",
    "Notre association porte un projet proche du vôtre : nous voudrions partager nos retours.",
    "Je souhaite rejoindre un groupe de travail et proposer une sortie sur mon territoire.",
    "J'ai assisté à la rencontre annuelle et je voudrais m'impliquer davantage.",
    "Je travaille sur ce sujet à la mairie et je peux faire le lien avec les élus.",
    "J'anime un réseau local et je peux relayer vos événements auprès d'une centaine de personnes.",
]
MOVE_REASONS = [
    "A co-organisé la rencontre annuelle.",
    "Anime le groupe de travail depuis le printemps.",
    "Très présent·e aux événements, proposé lors de la réunion du binôme.",
    "Porte un projet commun avec deux autres membres.",
]
APPROVAL_ANSWERS = [
    "Bienvenue ! Nous vous présenterons au groupe lors de la prochaine réunion.",
    "Avec plaisir, votre expérience sera précieuse.",
    "",
]
LEAVE_REASONS = ["", "", "Déménagement hors de la région.", "Moins de temps cette année."]
REMOVE_REASONS = [
    "Messages publicitaires répétés malgré deux rappels des règles du jeu.",
    "Compte créé en double ; la personne reste membre avec son autre adresse.",
]


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
        _crowd(spec, community, pair, summary, now)
        if spec["slug"] == "biodiversite":
            _showcase_members(community, accounts, summary, now)
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
    from wagtail.models import Site as WagtailSite

    WagtailSite.objects.filter(is_default_site=True).filter(
        Q(site_name="") | Q(site_name__isnull=True)
    ).update(site_name=INSTITUTION)


def _user(*, email, display_name, organisation, password, summary, **extra):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "display_name": display_name,
            "organisation": organisation,
            "password": password,
            "preferred_language": "fr",
            **extra,
        },
    )
    if created:
        summary.count("accounts")
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


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
    pair = GardenerPair.objects.filter(community=community, ended_at__isnull=True).first()
    if pair is not None:
        return pair
    direction = directions[spec["direction"]]
    if spec["slug"] == "biodiversite":
        territory, institution = accounts["jardinier.territoire"], accounts["jardiniere.region"]
    else:
        territory = _named_user(spec["territory_gardener"], spec["code"], "territoire", password, summary)
        institution = _named_user(spec["institution_gardener"], spec["code"], "region", password, summary)
        direction.staff.add(institution)
    pair = gardener_services.pair_appoint(
        community=community,
        territory_gardener=territory,
        institution_gardener=institution,
        direction=direction,
        actor=accounts["cultivateur"],
    )
    GardenerPair.objects.filter(pk=pair.pk).update(started_at=now - timedelta(days=380))
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


# --- The crowd ----------------------------------------------------------------------


def _crowd(spec, community, pair, summary, now):
    """Generate the community's members with a history that holds together.

    Every member joined (citizens circle), some then moved inward by a
    gardener or through an approved request, a few left or were removed.
    Their last activity follows their last change; about one in five has been
    silent for more than 60 days, so the dashboards have someone to relaunch.
    """
    code = spec["code"]
    rng = random.Random(f"{SEED}-{code}")
    gardeners = [g for g in (pair.territory_gardener, pair.institution_gardener) if g]
    people = []
    index = 0
    for fate, n in CROWD.items():
        for _ in range(n):
            index += 1
            people.append((fate, _person(code, index, rng)))

    emails = [p["email"] for _, p in people]
    existing = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    new_users = [
        User(
            email=p["email"],
            display_name=p["display_name"],
            organisation=p["organisation"],
            password=make_password(None),
            preferred_language="fr",
        )
        for _, p in people
        if p["email"] not in existing
    ]
    User.objects.bulk_create(new_users, batch_size=500)
    summary.count("accounts", len(new_users))
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in new_users
         if u.pk],
        batch_size=500,
        ignore_conflicts=True,
    )

    # A member with any history here was seeded by an earlier run: leave them.
    seeded = set(
        CircleChange.objects.filter(community=community, user__email__in=emails)
        .values_list("user_id", flat=True)
    )
    memberships, changes, requests, fresh = [], [], [], []
    for fate, person in people:
        user = users[person["email"]]
        if user.pk in seeded:
            continue
        plan = _plan(fate, rng, now, gardeners, user)
        if plan["circle"] is not None:
            m = Membership(community=community, user=user, circle=plan["circle"])
            m._dates = (plan["steps"][0]["at"], plan["last_active_at"])
            memberships.append(m)
            if fate in ("citizens", "informed") and plan["last_active_at"] > now - timedelta(days=30):
                fresh.append((user, plan["circle"], plan["steps"][-1]["at"]))
        for step in plan["steps"]:
            c = CircleChange(
                community=community, user=user, actor=step["actor"], kind=step["kind"],
                from_circle=step["from"], to_circle=step["to"], reason=step["reason"],
            )
            c._dates = (step["at"],)
            changes.append(c)
            if step["kind"] == CircleChange.Kind.REQUEST_APPROVED:
                r = CircleRequest(
                    community=community, user=user, circle=step["to"],
                    message=step["message"], status=CircleRequest.Status.APPROVED,
                    answer=step["answer"],
                    decided_by=step["actor"], decided_at=step["at"],
                )
                r._dates = (step["asked_at"],)
                requests.append(r)

    # auto_now_add overwrites dates on insert; bulk_update does not, so the
    # planned dates are written in a second pass.
    _bulk_with_dates(Membership, memberships, ["joined_at", "last_active_at"])
    _bulk_with_dates(CircleChange, changes, ["created_at"])
    _bulk_with_dates(CircleRequest, requests, ["created_at"])
    summary.count("memberships", len(memberships))
    summary.count("circle changes", len(changes))

    # A few members are waiting for an answer: these go through the service.
    rng.shuffle(fresh)
    for user, circle, last_change in fresh[:PENDING_REQUESTS]:
        request = services.circle_request_create(
            community=community, user=user, circle=circle + 1, message=rng.choice(REQUEST_MESSAGES)
        )
        asked = max(last_change, now - timedelta(days=rng.uniform(1, 12)))
        CircleRequest.objects.filter(pk=request.pk).update(created_at=asked)
        summary.count("pending requests")


def _bulk_with_dates(model, objects, date_fields):
    model.objects.bulk_create(objects, batch_size=500)
    for obj in objects:
        for name, value in zip(date_fields, obj._dates):
            setattr(obj, name, value)
    model.objects.bulk_update(objects, date_fields, batch_size=500)


_FAKER = None


def _faker():
    # Building a Faker loads its providers: slow enough to do once.
    global _FAKER
    if _FAKER is None:
        _FAKER = Faker("fr_FR")
    return _FAKER


def _person(code, index, rng):
    # One Faker seed per person: the same index always gives the same person,
    # whatever was generated before.
    fake = _faker()
    fake.seed_instance(f"{SEED}-{code}-{index}")
    first, last = fake.first_name(), fake.last_name()
    email = f"{slugify(first)}.{slugify(last)}.{code}{index:03d}@{DEMO_DOMAIN}".replace("-", ".")
    organisation = ""
    if index <= CROWD["engaged"] + CROWD["informed"] or rng.random() < 0.2:
        organisation = rng.choice(ORGANISATIONS[code]).format(town=rng.choice(TOWNS))
    return {"email": email, "display_name": f"{first} {last}", "organisation": organisation}


def _plan(fate, rng, now, gardeners, user):
    """A member's steps through the circles, oldest first, and their last activity."""
    inactive_share = {"engaged": 0.05, "informed": 0.15, "citizens": 0.25}.get(fate, 0)
    inactive = rng.random() < inactive_share
    end = now - timedelta(days=rng.uniform(61, 200)) if inactive else now - timedelta(days=1)
    start = now - timedelta(days=365)

    route = {
        "citizens": [Circle.CITIZENS],
        "informed": [Circle.CITIZENS, Circle.INFORMED],
        "engaged": rng.choice(
            [[Circle.CITIZENS, Circle.INFORMED, Circle.ENGAGED], [Circle.CITIZENS, Circle.ENGAGED]]
        ),
        "left": rng.choice([[Circle.CITIZENS], [Circle.CITIZENS, Circle.INFORMED]]),
        "removed": [Circle.CITIZENS],
    }[fate]
    exits = 1 if fate in ("left", "removed") else 0
    span = (end - start).total_seconds()
    times = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(len(route) + exits))

    steps = [
        {"kind": CircleChange.Kind.JOINED, "from": None, "to": route[0], "at": times[0],
         "actor": user, "reason": ""}
    ]
    for i, (before, after) in enumerate(zip(route, route[1:]), start=1):
        gardener = rng.choice(gardeners)
        if rng.random() < 0.5:
            message = rng.choice(REQUEST_MESSAGES)
            answer = rng.choice(APPROVAL_ANSWERS)
            steps.append({
                "kind": CircleChange.Kind.REQUEST_APPROVED, "from": before, "to": after,
                "at": times[i], "actor": gardener, "reason": answer or message,
                "message": message, "answer": answer, "asked_at": times[i - 1] + (times[i] - times[i - 1]) * 0.7,
            })
        else:
            steps.append({
                "kind": CircleChange.Kind.MOVED, "from": before, "to": after, "at": times[i],
                "actor": gardener, "reason": rng.choice(MOVE_REASONS),
            })
    if fate == "left":
        steps.append({"kind": CircleChange.Kind.LEFT, "from": route[-1], "to": None,
                      "at": times[-1], "actor": user, "reason": rng.choice(LEAVE_REASONS)})
    elif fate == "removed":
        steps.append({"kind": CircleChange.Kind.REMOVED, "from": route[-1], "to": None,
                      "at": times[-1], "actor": rng.choice(gardeners),
                      "reason": rng.choice(REMOVE_REASONS)})

    last_change = steps[-1]["at"]
    if inactive:
        last_active = last_change + (end - last_change) * rng.random()
    else:
        recent = max(last_change, now - timedelta(days=45))
        last_active = recent + (now - recent) * rng.random()
    return {
        "circle": None if exits else route[-1],
        "steps": steps,
        "last_active_at": last_active,
    }
